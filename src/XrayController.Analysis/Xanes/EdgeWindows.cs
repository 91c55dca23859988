namespace XrayController.Analysis.Xanes;

/// <summary>
/// Where the normalisation fits look, in eV relative to the edge E0, as Athena and Larch's <c>pre_edge</c> define them:
/// a straight line through the pre-edge points in [E0 + PreStartEv, E0 + PreEndEv] and a polynomial of order
/// <see cref="PostOrder"/> through the post-edge points in [E0 + PostStartEv, E0 + PostEndEv]. The defaults are Larch's
/// pre-edge range; the post-edge range starts closer to the edge than Larch's +150 eV because a XANES scan across the
/// Ni K-edge ends about 230 eV above it.
/// </summary>
public sealed record EdgeWindows(double PreStartEv = -200, double PreEndEv = -30, double PostStartEv = 25, double PostEndEv = 1000, int PostOrder = 2)
{
    /// <summary>The fewest pre-edge points a line is fitted through: two define it, a third gives it a residual.</summary>
    public const int MinPreEdgePoints = 3;

    /// <summary>The fewest post-edge points: one more than the polynomial's coefficients.</summary>
    public int MinPostEdgePoints => PostOrder + 2;

    /// <summary>The fewest points between the two fit ranges for a half-height crossing and a derivative peak.</summary>
    public const int MinEdgePoints = 5;
}
