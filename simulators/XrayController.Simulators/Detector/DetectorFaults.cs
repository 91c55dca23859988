namespace XrayController.Simulators.Detector;

/// <summary>Faults the simulated detector can be told to commit: HTTP errors, a lost image, and a stream that stops mid-series.</summary>
public sealed class DetectorFaults
{
    private int _failRequests;
    private int _failStatus = 500;
    private long _imagesLeft = long.MaxValue;
    private long _dropAt = long.MaxValue;
    private long _images;
    private long _requests;
    private long _failFrom = long.MaxValue;

    /// <summary>Answers the next <paramref name="count"/> REST requests with <paramref name="status"/>.</summary>
    public void FailNextRequests(int count, int status)
    {
        Volatile.Write(ref _failStatus, status);
        Interlocked.Add(ref _failRequests, count);
    }

    /// <summary>Sends <paramref name="images"/> more images, then nothing more on the stream (a stalled data path).</summary>
    public void StopStreamAfter(long images) => Interlocked.Exchange(ref _imagesLeft, images);

    /// <summary>Loses the one image after the next <paramref name="images"/> (the stream goes on after it: a dropped frame).</summary>
    public void DropImageAfter(long images) => Interlocked.Exchange(ref _dropAt, Interlocked.Read(ref _images) + images);

    /// <summary>Answers every request from the <paramref name="request"/>-th on (0-based) with <paramref name="status"/>.</summary>
    public void FailFrom(long request, int status)
    {
        Volatile.Write(ref _failStatus, status);
        Interlocked.Exchange(ref _failFrom, request);
    }

    internal int? TakeRequestFailure()
    {
        if (Interlocked.Increment(ref _requests) - 1 >= Interlocked.Read(ref _failFrom))
        {
            return Volatile.Read(ref _failStatus);
        }

        int current;
        do
        {
            current = Volatile.Read(ref _failRequests);
            if (current <= 0)
            {
                return null;
            }
        }
        while (Interlocked.CompareExchange(ref _failRequests, current - 1, current) != current);

        return Volatile.Read(ref _failStatus);
    }

    internal bool TakeImage() =>
        Interlocked.Increment(ref _images) - 1 != Interlocked.Read(ref _dropAt) && Interlocked.Decrement(ref _imagesLeft) >= 0;
}
