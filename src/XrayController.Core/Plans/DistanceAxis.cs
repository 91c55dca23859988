namespace XrayController.Core.Plans;

/// <summary>Holotomography: the focus-to-sample distances (z1), one tomogram each.</summary>
public sealed record DistanceAxis(IReadOnlyList<double> FocusToSampleMm);
