using PureHDF;
using XrayController.Core.Steps;

namespace XrayController.Storage;

/// <summary>
/// <c>/measurement/frames</c>: one entry per frame in acquisition order — seq, image_key (0 projection, 1 flat, 2 dark,
/// 3 for a frame replaced by its retake), commanded angle, encoder read-back, energy, distance and tile index, exposure start (s since scan start)
/// the beam monitor's current during the exposure (A; NaN without a beam monitor), the environment sensor's temperature
/// (°C, read at the checkpoint before the frame; NaN without a sensor), the image magnification (NaN when it does not change in the scan)
/// and the effective propagation distance (holotomography, else NaN).
/// </summary>
internal sealed class LogDatasets(int count)
{
    private readonly H5Dataset<long[]> _seq = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<int[]> _imageKey = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<double[]> _angle = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<double[]> _encoder = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<double[]> _energy = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<int[]> _distance = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<int[]> _tile = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<double[]> _timestamp = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<double[]> _i0 = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<double[]> _temperature = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<double[]> _magnification = new(fileDims: [(ulong)count]);
    private readonly H5Dataset<double[]> _propagation = new(fileDims: [(ulong)count]);

    public H5Group Group()
    {
        _angle.Attributes["units"] = "degrees";
        _encoder.Attributes["units"] = "degrees";
        _energy.Attributes["units"] = "eV";
        _timestamp.Attributes["units"] = "s";
        _i0.Attributes["units"] = "A";
        _temperature.Attributes["units"] = "degC";
        _propagation.Attributes["units"] = "mm";
        return count == 0
            ? []
            : new H5Group
            {
                ["seq"] = _seq,
                ["image_key"] = _imageKey,
                ["angle_deg"] = _angle,
                ["encoder_deg"] = _encoder,
                ["energy_ev"] = _energy,
                ["distance_index"] = _distance,
                ["tile_index"] = _tile,
                ["timestamp_s"] = _timestamp,
                ["i0"] = _i0,
                ["temperature_c"] = _temperature,
                ["magnification"] = _magnification,
                ["propagation_distance_mm"] = _propagation,
            };
    }

    public void Write(H5NativeWriter writer, FrameLog log)
    {
        if (count == 0)
        {
            return;
        }

        writer.Write(_seq, log.Column(f => f.Frame.Seq));
        writer.Write(_imageKey, log.Column(f => f.Replaced ? (int)FrameKind.Invalid : (int)f.Frame.Kind));
        writer.Write(_angle, log.Column(f => f.Frame.AngleDeg));
        writer.Write(_encoder, log.Column(f => f.EncoderDeg));
        writer.Write(_energy, log.Column(f => f.Frame.EnergyEv));
        writer.Write(_distance, log.Column(f => f.Frame.DistanceIndex));
        writer.Write(_tile, log.Column(f => f.Frame.TileIndex));
        writer.Write(_timestamp, log.Column(f => f.TimestampS));
        writer.Write(_i0, log.Column(f => f.I0));
        writer.Write(_temperature, log.Column(f => f.TemperatureC));
        writer.Write(_magnification, log.Column(f => f.Frame.Magnification));
        writer.Write(_propagation, log.Column(f => f.Frame.PropagationDistanceMm));
    }
}
