namespace XrayController.Pipelines.Techniques.ParallelBeam;

/// <summary>How a reconstructed slice compares with the phantom the simulator imaged.</summary>
/// <param name="RmsePerMm">Root-mean-square difference inside the reconstruction circle, 1/mm.</param>
/// <param name="RelativeRmse">The same over the phantom's largest attenuation in the slice.</param>
public sealed record SliceQuality(int Slice, double RmsePerMm, double RelativeRmse);

/// <summary>A simulation's phantom, to compare a reconstruction's central slice with (<see cref="Scans.ScanTruth"/>).</summary>
public interface IPhantomTruth
{
    /// <param name="detectorRows">Rows of the scan's (binned) frames: the volume's heights are counted from the detector's middle row.</param>
    SliceQuality CentralSlice(string reconFile, int detectorRows);
}
