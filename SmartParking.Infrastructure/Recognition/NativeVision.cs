using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>P/Invoke into native/ (libsmartparking_vision.so): plain C types and status codes only.</summary>
internal static partial class NativeVision
{
    public const string Library = "smartparking_vision";
    public const string FileName = "libsmartparking_vision.so";

    public const int Ok = 0;
    public const int ErrArgument = -1;
    public const int ErrEmpty = -2;
    public const int ErrFormat = -3;
    public const int ErrTruncated = -4;
    public const int ErrTooLarge = -5;
    public const int ErrDecode = -6;
    public const int ErrModel = -7;
    public const int ErrInternal = -8;
    public const int ErrBuffer = -9;

    static NativeVision() => NativeLibrary.SetDllImportResolver(typeof(NativeVision).Assembly, Resolve);

    /// <summary>Forces the static constructor (and so the resolver) before the first call.</summary>
    public static void EnsureResolver()
    {
    }

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct Candidate
    {
        public float X;
        public float Y;
        public float W;
        public float H;
        public fixed float Quad[8];
        public int Color;
        public float Score;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ImageInfo
    {
        public int Width;
        public int Height;
        public int Format;
    }

    [LibraryImport(Library, EntryPoint = "sp_version")]
    public static partial int Version();

    [LibraryImport(Library, EntryPoint = "sp_engine_create", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int EngineCreate(string modelPath, int poolSize, out EngineHandle engine, byte* error, int errorLength);

    [LibraryImport(Library, EntryPoint = "sp_engine_destroy")]
    public static partial void EngineDestroy(IntPtr engine);

    [LibraryImport(Library, EntryPoint = "sp_model_shape")]
    public static partial int ModelShape(EngineHandle engine, out int timesteps, out int classes);

    [LibraryImport(Library, EntryPoint = "sp_probe")]
    public static unsafe partial int Probe(byte* data, int length, out ImageInfo info);

    [LibraryImport(Library, EntryPoint = "sp_photo_open")]
    public static unsafe partial int PhotoOpen(EngineHandle engine, byte* data, int length, long maxPixels, int maxCandidates, out PhotoHandle photo);

    [LibraryImport(Library, EntryPoint = "sp_photo_close")]
    public static partial void PhotoClose(IntPtr photo);

    [LibraryImport(Library, EntryPoint = "sp_photo_read")]
    public static unsafe partial int PhotoRead(EngineHandle engine, PhotoHandle photo, int capacity, Candidate* candidates,
        float* probabilities, int probabilitiesLength);

    [LibraryImport(Library, EntryPoint = "sp_photo_read_moved")]
    public static unsafe partial int PhotoReadMoved(EngineHandle engine, PhotoHandle photo, float* quad, float* probabilities, int probabilitiesLength);

    [LibraryImport(Library, EntryPoint = "sp_photo_read_lengthened")]
    public static unsafe partial int PhotoReadLengthened(EngineHandle engine, PhotoHandle photo, float* quad, float more, float* probabilities, int probabilitiesLength);

    [LibraryImport(Library, EntryPoint = "sp_photo_read_unshadowed")]
    public static unsafe partial int PhotoReadUnshadowed(EngineHandle engine, PhotoHandle photo, float* quad, float* probabilities, int probabilitiesLength, out float depth);

    [LibraryImport(Library, EntryPoint = "sp_moved_reads")]
    public static partial int MovedReads();

    [LibraryImport(Library, EntryPoint = "sp_photo_check_provinces")]
    public static unsafe partial int PhotoCheckProvinces(EngineHandle engine, PhotoHandle photo, Candidate* candidates, int count, float* probabilities, int probabilitiesLength);

    [LibraryImport(Library, EntryPoint = "sp_province_classes")]
    public static partial int ProvinceClasses(EngineHandle engine);

    [LibraryImport(Library, EntryPoint = "sp_find_plates")]
    public static unsafe partial int FindPlates(EngineHandle engine, byte* data, int length, long maxPixels, int maxCandidates, Candidate* candidates);

    [LibraryImport(Library, EntryPoint = "sp_render_plate", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int RenderPlate(string atlasPath, int* glyphs, int count, int color, int plateWidth,
        int sceneWidth, int sceneHeight, byte* png, int capacity, out int needed);

    /// <summary>The library next to the app, else in native/build/ of the source tree (development and tests).</summary>
    public static string? FindLibrary()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SMARTPARKING_VISION_LIB");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, FileName);
        return File.Exists(beside) ? beside : RepositoryFile(Path.Combine("native", "build", FileName));
    }

    /// <summary>A file found by walking up from the app's folder (bin/Debug/net10.0 sits three levels below the project).</summary>
    public static string? RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }

        var path = FindLibrary();
        if (path is not null && NativeLibrary.TryLoad(path, out var handle))
        {
            return handle;
        }

        return NativeLibrary.TryLoad(FileName, assembly, searchPath, out handle) ? handle : IntPtr.Zero;
    }
}

/// <summary>Owns one native engine (its pool of networks); freed even when a request is aborted.</summary>
internal sealed class EngineHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EngineHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        NativeVision.EngineDestroy(handle);
        return true;
    }
}

/// <summary>One decoded photo between its looks; freed even when a request is aborted.</summary>
internal sealed class PhotoHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public PhotoHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        NativeVision.PhotoClose(handle);
        return true;
    }
}
