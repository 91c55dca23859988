using System.Reflection;
using System.Runtime.InteropServices;

namespace XrayController.Storage.Virtual;

/// <summary>
/// The few calls of the HDF Group's C library (libhdf5 1.10 or later, as Debian's <c>libhdf5-103-1</c> and every HPC
/// module provide it) that write a virtual dataset, which PureHDF cannot: files, groups, dataspaces and hyperslabs, the
/// virtual layout, attributes. The library is looked up under the names distributions give it. Every call that fails
/// throws naming it; the library's own error printing is turned off.
/// </summary>
internal static partial class Hdf5Native
{
    public const long Default = 0;
    public const uint TruncateFile = 0x0002;
    public const int ScalarSpace = 0;
    public const int SelectSet = 0;
    public const int Utf8 = 1;
    public static readonly nuint VariableSize = nuint.MaxValue;

    private const string Library = "hdf5";

    private static readonly string[] Names = ["libhdf5_serial.so.103", "libhdf5.so.103", "libhdf5.so.200", "libhdf5.so.310", "libhdf5.so.320", "libhdf5.so", "libhdf5_serial.so", "libhdf5.dylib", "hdf5.dll"];

    private static readonly Lazy<IntPtr> Handle = new(Load);

    static Hdf5Native() => NativeLibrary.SetDllImportResolver(typeof(Hdf5Native).Assembly, (name, _, _) => name == Library ? Handle.Value : IntPtr.Zero);

    /// <summary>Whether the library can be loaded here; if not, why.</summary>
    public static bool Available(out string why)
    {
        try
        {
            Initialise();
            why = string.Empty;
            return true;
        }
        catch (DllNotFoundException e)
        {
            why = e.Message;
            return false;
        }
    }

    /// <summary>Opens the library, silences its error printing; the ids of its predefined types are valid after this.</summary>
    public static void Initialise()
    {
        Check(H5open(), nameof(H5open));
        Check(H5Eset_auto2(Default, IntPtr.Zero, IntPtr.Zero), nameof(H5Eset_auto2));
    }

    /// <summary>A predefined type's id (<c>H5T_IEEE_F32LE</c> …), read from the library's global of that name.</summary>
    public static long PredefinedType(string name) => Marshal.ReadInt64(NativeLibrary.GetExport(Handle.Value, name + "_g"));

    /// <summary>The dataset-creation property class's id.</summary>
    public static long DatasetCreationClass => Marshal.ReadInt64(NativeLibrary.GetExport(Handle.Value, "H5P_CLS_DATASET_CREATE_ID_g"));

    public static long Check(long id, string call) => id >= 0 ? id : throw new IOException($"libhdf5: {call} failed");

    public static void Check(int status, string call)
    {
        if (status < 0)
        {
            throw new IOException($"libhdf5: {call} failed");
        }
    }

    private static IntPtr Load()
    {
        foreach (string name in Names)
        {
            if (NativeLibrary.TryLoad(name, Assembly.GetExecutingAssembly(), null, out IntPtr handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException($"the HDF5 C library is not installed (looked for {string.Join(", ", Names)}; Debian: apt-get install libhdf5-103-1)");
    }

    [LibraryImport(Library)]
    public static partial int H5open();

    [LibraryImport(Library)]
    public static partial int H5Eset_auto2(long stack, IntPtr function, IntPtr data);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial long H5Fcreate(string name, uint flags, long creation, long access);

    [LibraryImport(Library)]
    public static partial int H5Fclose(long file);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial long H5Gcreate2(long location, string name, long linkCreation, long groupCreation, long groupAccess);

    [LibraryImport(Library)]
    public static partial int H5Gclose(long group);

    [LibraryImport(Library)]
    public static partial long H5Screate(int type);

    [LibraryImport(Library)]
    public static partial long H5Screate_simple(int rank, ulong[] dims, ulong[]? maxDims);

    [LibraryImport(Library)]
    public static partial int H5Sselect_hyperslab(long space, int operation, ulong[] start, ulong[]? stride, ulong[] count, ulong[]? block);

    [LibraryImport(Library)]
    public static partial int H5Sclose(long space);

    [LibraryImport(Library)]
    public static partial long H5Pcreate(long propertyClass);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int H5Pset_virtual(long datasetCreation, long virtualSpace, string sourceFile, string sourceDataset, long sourceSpace);

    [LibraryImport(Library)]
    public static partial int H5Pclose(long properties);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial long H5Dcreate2(long location, string name, long type, long space, long linkCreation, long datasetCreation, long datasetAccess);

    [LibraryImport(Library)]
    public static partial int H5Dclose(long dataset);

    [LibraryImport(Library)]
    public static partial long H5Tcopy(long type);

    [LibraryImport(Library)]
    public static partial int H5Tset_size(long type, nuint size);

    [LibraryImport(Library)]
    public static partial int H5Tset_cset(long type, int characterSet);

    [LibraryImport(Library)]
    public static partial int H5Tclose(long type);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial long H5Acreate2(long location, string name, long type, long space, long attributeCreation, long attributeAccess);

    [LibraryImport(Library, EntryPoint = "H5Awrite")]
    public static partial int H5AwriteDoubles(long attribute, long memoryType, double[] values);

    [LibraryImport(Library, EntryPoint = "H5Awrite")]
    public static partial int H5AwriteInts(long attribute, long memoryType, int[] values);

    [LibraryImport(Library, EntryPoint = "H5Awrite")]
    public static partial int H5AwritePointers(long attribute, long memoryType, IntPtr[] values);

    [LibraryImport(Library)]
    public static partial int H5Aclose(long attribute);
}
