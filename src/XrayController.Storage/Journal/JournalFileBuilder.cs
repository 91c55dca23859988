using XrayController.Core.Instruments;
using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Storage.Journal;

/// <summary>
/// Writes a scan's file from its journal: stacks sized to the frames there (the last record of each seq, in plan
/// order), the log of every record (replaced ones marked), the pauses and the end status. Used when a scan ends
/// incomplete, with retakes or pauses (sizes PureHDF could not know when the file was begun), and to recover a scan
/// whose process died. Frames are copied one at a time.
/// </summary>
internal static class JournalFileBuilder
{
    public static void Build(JournalContents journal, ScanStarted started, ScanEnded ended, FrameCompression compression, string finalPath)
    {
        FrameLog log = FrameLog.From(journal);
        var latest = new Dictionary<long, JournalFrame>();
        foreach (JournalFrame frame in journal.Frames)
        {
            latest[frame.Frame.Seq] = frame;
        }

        ScanFileLayout layout = ScanFileLayout.Create(started, log.Counts, compression, log.Count, ended.Pauses.Count);
        string partial = ScanFileNames.Partial(finalPath);
        using (var pixels = new FileStream(journal.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (PureHDF.H5NativeWriter writer = layout.File.BeginWrite(partial))
        {
            foreach (FrameKind kind in (FrameKind[])[FrameKind.Projection, FrameKind.Flat, FrameKind.Dark])
            {
                int index = 0;
                foreach (JournalFrame frame in latest.Values.Where(f => f.Frame.Kind == kind).OrderBy(f => f.Frame.Seq))
                {
                    layout.WriteFrame(writer, kind, index++, FrameJournalReader.ReadPixels(pixels, journal.Header, frame));
                }
            }

            layout.WriteSummary(writer, log, ended);
        }

        File.Move(partial, finalPath, overwrite: true);
    }
}
