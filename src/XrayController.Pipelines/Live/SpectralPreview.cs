namespace XrayController.Pipelines.Live;

/// <summary>What the live view of a spectral series shows: the preview slice of each energy done so far, the running spectrum of a region, and the edge-energy map of the slice.</summary>
/// <param name="Slice">The detector row of the axial preview slice.</param>
/// <param name="Slices">One Size × Size slice per energy in <paramref name="EnergiesEv"/> (μ units), the energy in progress last.</param>
/// <param name="Spectrum">The mean of each slice over the region (the sample's pixels in the latest complete slice when no region was chosen).</param>
/// <param name="EdgeMapEv">Half-height edge energy of each slice pixel (NaN where masked), once enough energies are in for the normalisation; else null.</param>
public sealed record SpectralPreview(int Slice, int Size, IReadOnlyList<double> EnergiesEv, IReadOnlyList<float[]> Slices, IReadOnlyList<double> Spectrum, float[]? EdgeMapEv, string? EdgeMapNote);
