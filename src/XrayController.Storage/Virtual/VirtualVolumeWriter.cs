using System.Runtime.InteropServices;
using static XrayController.Storage.Virtual.Hdf5Native;

namespace XrayController.Storage.Virtual;

/// <summary>One file's volume (<c>/exchange/recon</c>, float32) and the slices of the whole it holds.</summary>
public sealed record VirtualSlab(string File, int FirstSlice, int Slices);

/// <summary>
/// Writes a volume made of other files' volumes as an HDF5 virtual dataset: <c>/exchange/recon</c> [z, y, x] float32,
/// each slab's slices mapped from <c>/exchange/recon</c> of its own file (named by its full path, so the slab files
/// must stay where they are), with the metadata's attributes as <see cref="ReconstructionFileWriter"/> writes them.
/// Nothing is copied; readers (h5py, PureHDF, HDF5 1.10 or later) read through to the slabs. Written through the HDF
/// Group's C library, as <c>NAME.partial</c> renamed when complete.
/// </summary>
public static class VirtualVolumeWriter
{
    /// <summary>Whether virtual datasets can be written here (the HDF5 C library loads); if not, why.</summary>
    public static bool Available(out string why) => Hdf5Native.Available(out why);

    public static void Write(string path, int size, IReadOnlyList<VirtualSlab> slabs, ReconstructionMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(slabs);
        ArgumentNullException.ThrowIfNull(metadata);
        Initialise();
        int slices = slabs.Sum(s => s.Slices);
        string partial = ScanFileNames.Partial(path);
        var ids = new Stack<(long Id, Func<long, int> Close)>();
        long Open(long id, string call, Func<long, int> close)
        {
            ids.Push((Check(id, call), close));
            return id;
        }

        try
        {
            long file = Open(H5Fcreate(partial, TruncateFile, Default, Default), "H5Fcreate", H5Fclose);
            WriteAttribute(file, "implements", "exchange");
            long group = Open(H5Gcreate2(file, "exchange", Default, Default, Default), "H5Gcreate2", H5Gclose);
            long space = Open(H5Screate_simple(3, [(ulong)slices, (ulong)size, (ulong)size], null), "H5Screate_simple", H5Sclose);
            long creation = Open(H5Pcreate(DatasetCreationClass), "H5Pcreate", H5Pclose);
            foreach (VirtualSlab slab in slabs)
            {
                long source = Open(H5Screate_simple(3, [(ulong)slab.Slices, (ulong)size, (ulong)size], null), "H5Screate_simple", H5Sclose);
                Check(H5Sselect_hyperslab(space, SelectSet, [(ulong)slab.FirstSlice, 0, 0], null, [1, 1, 1], [(ulong)slab.Slices, (ulong)size, (ulong)size]), "H5Sselect_hyperslab");
                Check(H5Pset_virtual(creation, space, Path.GetFullPath(slab.File), "/exchange/recon", source), "H5Pset_virtual");
            }

            Check(H5Sselect_hyperslab(space, SelectSet, [0, 0, 0], null, [1, 1, 1], [(ulong)slices, (ulong)size, (ulong)size]), "H5Sselect_hyperslab");
            long recon = Open(H5Dcreate2(group, "recon", PredefinedType("H5T_IEEE_F32LE"), space, Default, creation, Default), "H5Dcreate2", H5Dclose);
            var attributes = new Dictionary<string, object>();
            ReconstructionFileWriter.Describe(attributes, metadata);
            foreach ((string name, object value) in attributes)
            {
                WriteAttribute(recon, name, value);
            }
        }
        finally
        {
            while (ids.TryPop(out (long Id, Func<long, int> Close) open))
            {
                open.Close(open.Id);
            }
        }

        File.Move(partial, path, overwrite: true);
    }

    private static void WriteAttribute(long location, string name, object value)
    {
        switch (value)
        {
            case string text:
                WriteStrings(location, name, [text], scalar: true);
                break;
            case string[] texts:
                WriteStrings(location, name, texts, scalar: false);
                break;
            case double number:
                Write(location, name, PredefinedType("H5T_NATIVE_DOUBLE"), scalar: true, (attribute, type) => H5AwriteDoubles(attribute, type, [number]), 1);
                break;
            case double[] numbers:
                Write(location, name, PredefinedType("H5T_NATIVE_DOUBLE"), scalar: false, (attribute, type) => H5AwriteDoubles(attribute, type, numbers), numbers.Length);
                break;
            case int number:
                Write(location, name, PredefinedType("H5T_NATIVE_INT"), scalar: true, (attribute, type) => H5AwriteInts(attribute, type, [number]), 1);
                break;
            case int[] numbers:
                Write(location, name, PredefinedType("H5T_NATIVE_INT"), scalar: false, (attribute, type) => H5AwriteInts(attribute, type, numbers), numbers.Length);
                break;
            default:
                throw new ArgumentException($"attribute {name}: a {value.GetType().Name} is not written", nameof(value));
        }
    }

    private static void WriteStrings(long location, string name, string[] texts, bool scalar)
    {
        long type = Check(H5Tcopy(PredefinedType("H5T_C_S1")), "H5Tcopy");
        IntPtr[] pointers = [.. texts.Select(Marshal.StringToCoTaskMemUTF8)];
        try
        {
            Check(H5Tset_size(type, VariableSize), "H5Tset_size");
            Check(H5Tset_cset(type, Utf8), "H5Tset_cset");
            Write(location, name, type, scalar, (attribute, memory) => H5AwritePointers(attribute, memory, pointers), texts.Length);
        }
        finally
        {
            Array.ForEach(pointers, Marshal.FreeCoTaskMem);
            H5Tclose(type);
        }
    }

    private static void Write(long location, string name, long type, bool scalar, Func<long, long, int> write, int count)
    {
        long space = Check(scalar ? H5Screate(ScalarSpace) : H5Screate_simple(1, [(ulong)count], null), "H5Screate");
        try
        {
            long attribute = Check(H5Acreate2(location, name, type, space, Default, Default), $"H5Acreate2 ({name})");
            try
            {
                Check(write(attribute, type), $"H5Awrite ({name})");
            }
            finally
            {
                H5Aclose(attribute);
            }
        }
        finally
        {
            H5Sclose(space);
        }
    }
}
