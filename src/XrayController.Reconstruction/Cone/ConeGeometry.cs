using System.Globalization;

namespace XrayController.Reconstruction.Cone;

/// <summary>
/// A circular cone-beam scan. The rotation axis is z; at angle θ the source sits at −SOD·d and the detector plane,
/// perpendicular to d = (−sin θ, cos θ, 0), at SDD − SOD beyond the axis, with its u axis along (cos θ, sin θ, 0) —
/// the parallel-beam convention, so a cone slice has scikit-image's orientation too — and v along z. Pixel (row r,
/// column c) lies at u = (c − c₀)·p_u, v = (r₀ − r)·p_v, where the principal point (the foot of the central ray) is
/// c₀ = (columns − 1)/2 + offset_u, r₀ = (rows − 1)/2 + offset_v. Magnification M = SDD / SOD; the pixel at the axis
/// (the natural voxel) is p_u / M. Per-projection matrices (<see cref="Matrices"/>), when given, supersede this circular
/// description for the back-projection (a tilted detector, another program's stated geometry); the circular values
/// then describe the scan for the filter's weights.
/// </summary>
public sealed record ConeGeometry(int Rows, int Columns, double SourceToObjectMm, double SourceToDetectorMm, double PixelUMm, double PixelVMm, double OffsetUPx, double OffsetVPx, IReadOnlyList<double> AnglesDeg)
{
    /// <summary>Each projection's matrix, in the order of <see cref="AnglesDeg"/>; null for the circular scan the parameters state.</summary>
    public IReadOnlyList<ProjectionMatrix>? Matrices { get; init; }

    /// <summary>Projection <paramref name="index"/>'s matrix: the given one, or the circular scan's.</summary>
    public ProjectionMatrix MatrixAt(int index) => Matrices?[index] ?? ProjectionMatrix.Circular(this, AnglesDeg[index]);

    /// <summary>The scan of the projections at <paramref name="indices"/> alone (angles and matrices).</summary>
    public ConeGeometry Subset(IEnumerable<int> indices)
    {
        int[] picked = [.. indices];
        return this with { AnglesDeg = [.. picked.Select(i => AnglesDeg[i])], Matrices = Matrices is null ? null : [.. picked.Select(i => Matrices[i])] };
    }

    public double Magnification => SourceToDetectorMm / SourceToObjectMm;

    /// <summary>The detector pixel (u) at the rotation axis, mm.</summary>
    public double VoxelMm => PixelUMm / Magnification;

    public double PrincipalColumn => ((Columns - 1) / 2.0) + OffsetUPx;

    public double PrincipalRow => ((Rows - 1) / 2.0) + OffsetVPx;

    /// <summary>Half the fan angle: the largest |γ| = atan(u / SDD) over the detector's columns.</summary>
    public double HalfFanRad => Math.Atan(Math.Max(PrincipalColumn + 0.5, Columns - 0.5 - PrincipalColumn) * PixelUMm / SourceToDetectorMm);

    /// <summary>The angular range the projections cover, one step past the last (a step scan's angles are the starts of equal steps).</summary>
    public double RangeRad => AnglesDeg.Count < 2 ? 0 : Math.Abs(AnglesDeg[^1] - AnglesDeg[0]) * Math.PI / 180 * AnglesDeg.Count / (AnglesDeg.Count - 1);

    /// <summary>Whether the scan covers less than a full turn, so redundant rays need Parker's weights.</summary>
    public bool IsShortScan => RangeRad < (2 * Math.PI) - 1e-6;

    /// <summary>
    /// Whether the detector is offset so that it sees one side of the sample whole and the other only near the axis
    /// (half-acquisition, a full turn widening the field): each ray measured in both half-turns is then weighted so
    /// that the pair counts once (<see cref="HalfAcquisitionWeights"/>). Made by <see cref="AsHalfAcquisition"/>.
    /// </summary>
    public bool HalfAcquisition => Measured is not null;

    /// <summary>
    /// A half-acquisition's measured columns on its widened panel (<see cref="AsHalfAcquisition"/>): the first and how
    /// many; null for a panel that is measured whole.
    /// </summary>
    public (int First, int Count)? Measured { get; private init; }

    /// <summary>The half-width (mm at the detector) of the band about the central ray that both sides of a half-acquisition see: the measured panel's nearer edge's distance.</summary>
    public double OverlapHalfWidthMm => Measured is (int first, int count)
        ? (Math.Min(PrincipalColumn - first, first + count - 1 - PrincipalColumn) + 0.5) * PixelUMm
        : (Math.Min(PrincipalColumn, Columns - 1 - PrincipalColumn) + 0.5) * PixelUMm;

    /// <summary>Whether a half-acquisition's far side, measured whole, lies towards the last column.</summary>
    public bool FarSideAfter => Measured is (int first, int count) && PrincipalColumn < first + ((count - 1) / 2.0);

    /// <summary>
    /// This full turn as a half-acquisition: the panel widened with unmeasured columns on its near side until the
    /// central ray lies in its middle, as wide as the far side reaches both ways. The ramp filter spreads each weighted
    /// projection past the near edge, and a voxel that projects there in one half-turn needs that spread: only with it
    /// do the two half-turns' filtered rays add up to the whole ray's (on a narrow panel the far side's spread is lost
    /// and a halo brightens the field outside the overlap). The projections go on the widened panel through
    /// <see cref="Widen"/>; the matrices, if any, move with the columns.
    /// </summary>
    public ConeGeometry AsHalfAcquisition()
    {
        if (Measured is not null)
        {
            return this;
        }

        (int added, int before) = Core.Optics.HalfAcquisition.Widening(PrincipalColumn, Columns);
        int columns = Columns + added;
        return this with
        {
            Columns = columns,
            OffsetUPx = PrincipalColumn + before - ((columns - 1) / 2.0),
            Matrices = Matrices is null ? null : [.. Matrices.Select(m => m.ColumnsMoved(before))],
            Measured = (before, Columns),
        };
    }

    /// <summary>
    /// Projections of the measured panel (<paramref name="projections"/> × <paramref name="rows"/> rows of the measured
    /// columns) placed on this geometry's panel, the unmeasured columns zero; the same array when the panel is measured whole.
    /// </summary>
    public float[] Widen(float[] measured, int projections, int rows)
    {
        ArgumentNullException.ThrowIfNull(measured);
        if (Measured is not (int first, int count))
        {
            return measured;
        }

        if (measured.Length != (long)projections * rows * count)
        {
            throw new ArgumentException(Invariant($"{measured.Length} values are not {projections} projections of {rows} rows × {count} measured columns"), nameof(measured));
        }

        var widened = new float[(long)projections * rows * Columns];
        for (long line = 0; line < (long)projections * rows; line++)
        {
            Array.Copy(measured, line * count, widened, (line * Columns) + first, count);
        }

        return widened;
    }

    public void Validate()
    {
        if (Rows < 1 || Columns < 2)
        {
            throw new ArgumentException(Invariant($"the detector is {Rows} × {Columns}; it needs at least one row and two columns"));
        }

        if (!(SourceToObjectMm > 0) || !double.IsFinite(SourceToObjectMm))
        {
            throw new ArgumentException(Invariant($"the source-to-object distance {SourceToObjectMm} mm must be a positive number"));
        }

        if (!(SourceToDetectorMm > SourceToObjectMm) || !double.IsFinite(SourceToDetectorMm))
        {
            throw new ArgumentException(Invariant($"the source-to-detector distance ({SourceToDetectorMm} mm) must exceed the source-to-object distance ({SourceToObjectMm} mm): the detector lies beyond the sample"));
        }

        if (!(PixelUMm > 0) || !(PixelVMm > 0) || !double.IsFinite(PixelUMm) || !double.IsFinite(PixelVMm))
        {
            throw new ArgumentException(Invariant($"the pixel size ({PixelUMm} × {PixelVMm} mm) must be positive"));
        }

        if (!double.IsFinite(OffsetUPx) || !double.IsFinite(OffsetVPx))
        {
            throw new ArgumentException("the detector offsets must be finite numbers");
        }

        if (AnglesDeg.Count < 2 || AnglesDeg.Any(a => !double.IsFinite(a)))
        {
            throw new ArgumentException(Invariant($"{AnglesDeg.Count} angles: a tomogram needs at least two finite ones"));
        }

        if (Matrices is not null && Matrices.Count != AnglesDeg.Count)
        {
            throw new ArgumentException(Invariant($"{Matrices.Count} projection matrices for {AnglesDeg.Count} projections"));
        }

        if (HalfAcquisition && IsShortScan)
        {
            throw new ArgumentException(Invariant($"a half-acquisition covers a full turn (each side of the sample seen from both half-turns); this scan covers {RangeRad * 180 / Math.PI:0.##}°"));
        }

        if (HalfAcquisition && !(OverlapHalfWidthMm > 0))
        {
            throw new ArgumentException("a half-acquisition needs the central ray on the detector, with some columns beyond it on its near side");
        }

        double needed = Math.PI + (2 * HalfFanRad);
        if (RangeRad < needed - 1e-6)
        {
            throw new ArgumentException(Invariant($"the scan covers {RangeRad * 180 / Math.PI:0.##}°; a cone-beam reconstruction needs at least 180° plus the fan angle, {needed * 180 / Math.PI:0.##}°"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
