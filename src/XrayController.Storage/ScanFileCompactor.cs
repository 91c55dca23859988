using PureHDF;
using PureHDF.Selections;
using XrayController.Core.Instruments;
using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Storage;

/// <summary>
/// Copies the frames of an incomplete scan from its full-size partial file into a file sized to what was acquired, one
/// frame at a time, so that readers see only real frames.
/// </summary>
internal static class ScanFileCompactor
{
    public static void Compact(string partialPath, string finalPath, ScanStarted started, FrameLog log, ScanEnded ended, FrameCompression compression)
    {
        FrameCounts acquired = log.Counts;
        ScanFileLayout layout = ScanFileLayout.Create(started, acquired, compression);
        using var source = H5File.OpenRead(partialPath);
        using (H5NativeWriter writer = layout.File.BeginWrite(finalPath))
        {
            CopyStack(source, writer, layout, "/exchange/data", FrameKind.Projection, acquired.Projections, started.Scan);
            CopyStack(source, writer, layout, "/exchange/data_white", FrameKind.Flat, acquired.Flats, started.Scan);
            CopyStack(source, writer, layout, "/exchange/data_dark", FrameKind.Dark, acquired.Darks, started.Scan);
            layout.WriteSummary(writer, log, ended);
        }
    }

    private static void CopyStack(PureHDF.VOL.Native.NativeFile source, H5NativeWriter writer, ScanFileLayout layout, string path, FrameKind kind, int count, CompiledScan scan)
    {
        if (count == 0)
        {
            return;
        }

        IH5Dataset stack = source.Dataset(path);
        for (int index = 0; index < count; index++)
        {
            var selection = new HyperslabSelection(rank: 3, starts: [(ulong)index, 0, 0], blocks: [1, (ulong)scan.FrameRows, (ulong)scan.FrameColumns]);
            layout.WriteFrame(writer, kind, index, stack.Read<ushort[]>(selection));
        }
    }
}
