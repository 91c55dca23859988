using PureHDF;
using XrayController.Core.Scans;

namespace XrayController.Storage;

/// <summary>
/// <c>/process/acquisition/pauses</c>, for a scan that paused: one row per pause — start and end (s since the scan
/// started; NaN end when the scan ended paused), reason, who asked (<c>user</c> or the suspender), the checkpoint it
/// resumed from and the frames taken again.
/// </summary>
internal sealed class PauseDatasets(int count)
{
    private readonly H5Dataset<double[]> _start = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<double[]> _end = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<string[]> _reason = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<string[]> _requestedBy = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<string[]> _checkpoint = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<int[]> _retaken = new(fileDims: [(ulong)count]);

    public H5Group Group()
    {
        _start.Attributes["units"] = "s";
        _end.Attributes["units"] = "s";
        return new H5Group
        {
            ["start_s"] = _start,
            ["end_s"] = _end,
            ["reason"] = _reason,
            ["requested_by"] = _requestedBy,
            ["checkpoint"] = _checkpoint,
            ["retaken"] = _retaken,
        };
    }

    public void Write(H5NativeWriter writer, IReadOnlyList<ScanPause> pauses)
    {
        if (pauses.Count != count)
        {
            throw new InvalidOperationException($"the file was laid out for {count} pauses; the scan had {pauses.Count}");
        }

        writer.Write(_start, [.. pauses.Select(p => p.StartS)]);
        writer.Write(_end, [.. pauses.Select(p => p.EndS)]);
        writer.Write(_reason, [.. pauses.Select(p => p.Reason)]);
        writer.Write(_requestedBy, [.. pauses.Select(p => p.RequestedBy)]);
        writer.Write(_checkpoint, [.. pauses.Select(p => p.Checkpoint)]);
        writer.Write(_retaken, [.. pauses.Select(p => p.Retaken)]);
    }
}
