using XrayController.Core.Steps;

namespace XrayController.Acquisition.Engine;

/// <summary>Where a scan that stopped can go on from, given the frames it had acquired.</summary>
public static class ResumePoint
{
    /// <summary>
    /// The index of the last checkpoint before which every planned frame was acquired: the scan resumes there, and the
    /// frames acquired after it (an interrupted stretch) are taken again. Every plan has a checkpoint before its first frame.
    /// </summary>
    public static int Find(CompiledScan scan, IReadOnlySet<long> acquired)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(acquired);
        int found = -1;
        for (int i = 0; i < scan.Steps.Count; i++)
        {
            switch (scan.Steps[i])
            {
                case CheckpointStep:
                    found = i;
                    break;
                case AcquireStep acquire when !acquired.Contains(acquire.Frame.Seq):
                    return found;
                case FlyScanStep fly when fly.Frames.Any(f => !acquired.Contains(f.Seq)):
                    return found;
                default:
                    break;
            }
        }

        return found;
    }
}
