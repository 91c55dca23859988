using PureHDF;

namespace XrayController.Storage;

/// <summary>
/// An HDF5 file being written as <c>NAME.partial</c>: <see cref="Complete"/> closes it and renames it to its final
/// name; disposing without completing removes it, so an interrupted job leaves nothing half-written. Its folder is
/// made when missing.
/// </summary>
internal sealed class PartialHdf5File : IDisposable
{
    private readonly string _path;
    private readonly string _partial;
    private H5NativeWriter? _writer;
    private bool _completed;

    public PartialHdf5File(H5File file, string path)
    {
        _path = path;
        _partial = ScanFileNames.Partial(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = file.BeginWrite(_partial);
    }

    public H5NativeWriter Writer => _writer ?? throw new ObjectDisposedException(_partial);

    public void Complete()
    {
        _writer?.Dispose();
        _writer = null;
        File.Move(_partial, _path, overwrite: true);
        _completed = true;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
        if (!_completed && File.Exists(_partial))
        {
            File.Delete(_partial);
        }
    }
}
