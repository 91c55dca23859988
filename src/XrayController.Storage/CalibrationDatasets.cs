using PureHDF;
using XrayController.Core.Scans;

namespace XrayController.Storage;

/// <summary>
/// <c>/measurement/energy_calibration</c>, for a scan that calibrates its energy on a reference foil: the nominal
/// energies scanned (<c>energy_ev</c>), the mean detector signal through the foil at each (<c>signal</c>), the dark level,
/// the edge found on the nominal scale, the foil's tabulated edge and the shift applied to every later energy (eV; the
/// beam is put at E by commanding E − shift). NaN where the scan ended before the calibration did.
/// </summary>
internal sealed class CalibrationDatasets(int points)
{
    private readonly H5Dataset<double[]> _energies = new(fileDims: [(ulong)points]);
    private readonly H5Dataset<double[]> _signals = new(fileDims: [(ulong)points]);
    private readonly H5Dataset<double[]> _dark = new(fileDims: [1]);
    private readonly H5Dataset<double[]> _measured = new(fileDims: [1]);
    private readonly H5Dataset<double[]> _reference = new(fileDims: [1]);
    private readonly H5Dataset<double[]> _shift = new(fileDims: [1]);

    public H5Group Group()
    {
        _energies.Attributes["units"] = "eV";
        _measured.Attributes["units"] = "eV";
        _reference.Attributes["units"] = "eV";
        _shift.Attributes["units"] = "eV";
        return new H5Group
        {
            ["energy_ev"] = _energies,
            ["signal"] = _signals,
            ["dark_level"] = _dark,
            ["measured_edge_ev"] = _measured,
            ["reference_edge_ev"] = _reference,
            ["shift_ev"] = _shift,
        };
    }

    public void Write(H5NativeWriter writer, ScanEnded ended)
    {
        Core.Optics.EnergyCalibration? c = ended.Calibration;
        writer.Write(_energies, c is null ? Missing(points) : [.. c.EnergiesEv]);
        writer.Write(_signals, c is null ? Missing(points) : [.. c.Signals]);
        writer.Write(_dark, [c?.DarkLevel ?? double.NaN]);
        writer.Write(_measured, [c?.MeasuredEdgeEv ?? double.NaN]);
        writer.Write(_reference, [c?.ReferenceEdgeEv ?? double.NaN]);
        writer.Write(_shift, [c?.ShiftEv ?? double.NaN]);
    }

    private static double[] Missing(int count) => [.. Enumerable.Repeat(double.NaN, count)];
}
