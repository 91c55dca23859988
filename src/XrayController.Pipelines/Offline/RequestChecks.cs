using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Storage;

namespace XrayController.Pipelines.Offline;

/// <summary>The options of a reconstruction request that only some techniques take, refused with the reason by the others.</summary>
internal static class RequestChecks
{
    /// <summary>A region of interest and a chosen voxel are for FDK reconstructions of a lab cone-beam scan.</summary>
    public static void RefuseRegion(ReconstructionRequest request)
    {
        if (request.Region is not null || request.VoxelUm is not null || request.Grid is not null)
        {
            throw new InputException($"{Path.GetFileName(request.InputPath)} is not a lab cone-beam scan: --roi, --voxel-um and --grid apply to FDK reconstructions");
        }
    }

    /// <summary>FDK needs a cone beam; a cone-beam scan needs FDK.</summary>
    public static void RequireAlgorithm(ReconstructionRequest request, bool coneBeam)
    {
        if (request.Algorithm is { } algorithm && (algorithm == ReconstructionAlgorithm.Fdk) != coneBeam)
        {
            string name = Path.GetFileName(request.InputPath);
            throw new InputException(coneBeam
                ? $"{name} is a cone-beam scan (source-to-object and source-to-detector distances): reconstruct it with fdk"
                : $"{name} is not a cone-beam scan (no source-to-object distance): fdk needs one; use fbp");
        }
    }

    /// <summary>Phase retrieval needs the distances, energy and pixel of a holotomography scan.</summary>
    public static void RefusePhase(ReconstructionRequest request)
    {
        if (request.Phase != PhaseRetrieval.None)
        {
            throw new InputException($"{Path.GetFileName(request.InputPath)} is not a holotomography scan (no distances in /measurement/instrument/geometry); phase retrieval needs the propagation distances, the energy and the pixel size");
        }
    }

    /// <summary>A spectral scan's volumes are written as floats: --dtype applies to single volumes.</summary>
    public static void RequireFloat32(ReconstructionRequest request)
    {
        if (request.OutputType != VolumeType.Float32)
        {
            throw new InputException($"{Path.GetFileName(request.InputPath)} is a spectral scan, whose volumes (one per energy) are written as float32: --dtype applies to single volumes");
        }
    }

    /// <summary>δ (about 10⁻⁶) lies below half precision's smallest normal number (6·10⁻⁵).</summary>
    public static void RefuseFloat16(ReconstructionRequest request)
    {
        if (request.OutputType == VolumeType.Float16)
        {
            throw new InputException($"{Path.GetFileName(request.InputPath)} is a holotomography scan: its δ (about 10⁻⁶) is below what float16 holds (6·10⁻⁵ and up); use --dtype uint16 (scaled to the volume's range) or float32");
        }
    }

    /// <summary>A scan reconstructed whole on one machine (<paramref name="kind"/>: "a spectral scan" …) takes no part of a volume: it is not split into cluster tasks.</summary>
    public static InputException Unsplittable(ReconstructionRequest request, string kind) =>
        new($"{Path.GetFileName(request.InputPath)} is {kind}, reconstructed whole on one machine: only single tomograms (parallel beam, one cone-beam tile) and holotomograms are split into cluster tasks");

    /// <summary>Refuses a part of the volume (<see cref="ReconstructionRequest.Part"/>) for a scan reconstructed whole.</summary>
    public static void RefusePart(ReconstructionRequest request, string kind)
    {
        if (request.Part is not null)
        {
            throw Unsplittable(request, kind);
        }
    }
}
