using System.Globalization;
using XrayController.Analysis.Xanes;

namespace XrayController.Analysis.Output;

/// <summary>The XANES tables as CSV (invariant culture; an empty field where a statistic has no valid voxel).</summary>
public static class XanesTablesCsv
{
    public static void Write(string directory, XanesResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        File.WriteAllLines(Path.Combine(directory, "fragments.csv"), [
            "id,voxels,volume_um3,edge_voxels,mean_edge_ev,size_group,parent_particle",
            .. result.Fragments.Select(f => Join(f.Id, f.Voxels, Number(f.VolumeUm3), f.EdgeVoxels, Number(f.MeanEdgeEv), Lower(f.SizeGroup), f.ParentParticle)),
        ]);
        File.WriteAllLines(Path.Combine(directory, "grains.csv"), [
            "id,voxels,edge_voxels,mean_edge_ev,std_edge_ev,noise_std_ev,spread_edge_ev,parent_particle,damage_class",
            .. result.Grains.Select(g => Join(g.Id, g.Voxels, g.EdgeVoxels, Number(g.MeanEdgeEv), Number(g.StdEdgeEv), Number(g.NoiseStdEv), Number(g.SpreadEdgeEv), g.ParentParticle, Lower(g.DamageClass))),
        ]);
        File.WriteAllLines(Path.Combine(directory, "particles.csv"), [
            "id,voxels,counted_fragments,damage_class",
            .. result.Particles.Select(p => Join(p.Id, p.Voxels, p.CountedFragments, Lower(p.DamageClass))),
        ]);
    }

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("0.####", CultureInfo.InvariantCulture) : string.Empty;

    private static string Lower<T>(T value)
        where T : Enum => value.ToString().ToLowerInvariant();

    private static string Join(params object[] fields) => string.Join(',', fields.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture)));
}
