using System.Globalization;
using PureHDF;
using XrayController.Core.Scans;

namespace XrayController.Storage;

/// <summary>
/// <c>/process/acquisition</c>: how the scan ended, the frames taken again and its pauses. Datasets rather than attributes because PureHDF fixes attributes when
/// writing begins; numbers are one-element arrays because PureHDF writes deferred numeric scalars as zero.
/// </summary>
internal sealed class StatusDatasets(int pauses)
{
    private readonly PauseDatasets? _pauses = pauses == 0 ? null : new PauseDatasets(pauses);
    private readonly H5Dataset<string> _status = new(fileDims: []);
    private readonly H5Dataset<string> _reason = new(fileDims: []);
    private readonly H5Dataset<string> _endTime = new(fileDims: []);
    private readonly H5Dataset<long[]> _framesAcquired = new(fileDims: [1]);
    private readonly H5Dataset<double[]> _elapsed = new(fileDims: [1]);
    private readonly H5Dataset<int[]> _retakes = new(fileDims: [1]);

    public H5Group Group()
    {
        _elapsed.Attributes["units"] = "s";
        var group = new H5Group
        {
            ["status"] = _status,
            ["reason"] = _reason,
            ["end_time"] = _endTime,
            ["frames_acquired"] = _framesAcquired,
            ["elapsed_s"] = _elapsed,
            ["retakes"] = _retakes,
        };
        if (_pauses is not null)
        {
            group["pauses"] = _pauses.Group();
        }

        return group;
    }

    public void Write(H5NativeWriter writer, ScanEnded ended, int framesAcquired)
    {
        writer.Write(_status, ended.Status.ToString().ToLowerInvariant());
        writer.Write(_reason, ended.Reason ?? string.Empty);
        writer.Write(_endTime, ended.EndTime.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        writer.Write(_framesAcquired, [(long)framesAcquired]);
        writer.Write(_elapsed, [ended.ElapsedS]);
        writer.Write(_retakes, [ended.Retakes]);
        _pauses?.Write(writer, ended.Pauses);
    }
}
