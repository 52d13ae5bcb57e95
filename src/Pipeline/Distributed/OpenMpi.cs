using System.Runtime.InteropServices;
using System.Text;
using LanguageExt;
using LanguageExt.Common;

namespace Functional.Distributed;

/// <summary>
/// The few functions of Open MPI's C API that data-parallel training needs, bound at run time
/// from <c>libmpi.so.40</c> (Debian's <c>openmpi-bin</c>/<c>libopenmpi-dev</c>; any Open MPI 3–5).
/// Open MPI's handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, …) are addresses of exported globals,
/// read here with dlsym. MPICH's ABI (integer handles, libmpi.so.12) differs and is refused rather
/// than guessed at: it is not tested here.
/// </summary>
internal sealed unsafe partial class OpenMpi
{
    public const string LibraryVariable = "FUNCTIONAL_MPI_LIBRARY";
    const string DefaultLibrary = "libmpi.so.40";
    public const int Success = 0;
    const int RtldNow = 2, RtldGlobal = 0x100;
    static readonly IntPtr InPlaceAddress = 1;

    static readonly object Gate = new();
    static Fin<OpenMpi>? loaded;

    public readonly IntPtr CommWorld, Float, Double, Byte, Long, Sum, Max, Min, ErrorsReturn;
    readonly delegate* unmanaged<int*, byte***, int> init;
    readonly delegate* unmanaged<int*, int> initialized;
    readonly delegate* unmanaged<int*, int> finalized;
    readonly delegate* unmanaged<int> finalize;
    readonly delegate* unmanaged<IntPtr, int*, int> commRank;
    readonly delegate* unmanaged<IntPtr, int*, int> commSize;
    readonly delegate* unmanaged<IntPtr, IntPtr, int> commSetErrhandler;
    readonly delegate* unmanaged<void*, void*, int, IntPtr, IntPtr, IntPtr, IntPtr*, int> iallreduce;
    readonly delegate* unmanaged<void*, int, IntPtr, int, IntPtr, IntPtr*, int> ibcast;
    readonly delegate* unmanaged<IntPtr*, int*, void*, int> test;
    readonly delegate* unmanaged<IntPtr, int, int> abort;
    readonly delegate* unmanaged<byte*, int*, int> libraryVersion;
    readonly delegate* unmanaged<int, byte*, int*, int> errorString;

    OpenMpi(IntPtr library)
    {
        IntPtr Symbol(string name) =>
            NativeLibrary.TryGetExport(library, name, out var address) ? address : throw new EntryPointNotFoundException(name);
        CommWorld = Symbol("ompi_mpi_comm_world");
        Float = Symbol("ompi_mpi_float");
        Double = Symbol("ompi_mpi_double");
        Byte = Symbol("ompi_mpi_byte");
        Long = Symbol("ompi_mpi_long_long_int");
        Sum = Symbol("ompi_mpi_op_sum");
        Max = Symbol("ompi_mpi_op_max");
        Min = Symbol("ompi_mpi_op_min");
        ErrorsReturn = Symbol("ompi_mpi_errors_return");
        init = (delegate* unmanaged<int*, byte***, int>)Symbol("MPI_Init");
        initialized = (delegate* unmanaged<int*, int>)Symbol("MPI_Initialized");
        finalized = (delegate* unmanaged<int*, int>)Symbol("MPI_Finalized");
        finalize = (delegate* unmanaged<int>)Symbol("MPI_Finalize");
        commRank = (delegate* unmanaged<IntPtr, int*, int>)Symbol("MPI_Comm_rank");
        commSize = (delegate* unmanaged<IntPtr, int*, int>)Symbol("MPI_Comm_size");
        commSetErrhandler = (delegate* unmanaged<IntPtr, IntPtr, int>)Symbol("MPI_Comm_set_errhandler");
        iallreduce = (delegate* unmanaged<void*, void*, int, IntPtr, IntPtr, IntPtr, IntPtr*, int>)Symbol("MPI_Iallreduce");
        ibcast = (delegate* unmanaged<void*, int, IntPtr, int, IntPtr, IntPtr*, int>)Symbol("MPI_Ibcast");
        test = (delegate* unmanaged<IntPtr*, int*, void*, int>)Symbol("MPI_Test");
        abort = (delegate* unmanaged<IntPtr, int, int>)Symbol("MPI_Abort");
        libraryVersion = (delegate* unmanaged<byte*, int*, int>)Symbol("MPI_Get_library_version");
        errorString = (delegate* unmanaged<int, byte*, int*, int>)Symbol("MPI_Error_string");
    }

    /// <summary>Open MPI, loaded once per process (from <see cref="LibraryVariable"/> when set); the error says what to install.</summary>
    public static Fin<OpenMpi> Load()
    {
        lock (Gate) return loaded ??= Open();
    }

    static Fin<OpenMpi> Open()
    {
        if (!OperatingSystem.IsLinux())
            return Error.New("--data-parallel runs on Linux with Open MPI; this is " + RuntimeInformation.OSDescription);
        var name = Environment.GetEnvironmentVariable(LibraryVariable) is { Length: > 0 } set ? set : DefaultLibrary;
        // RTLD_GLOBAL, as mpi4py does: Open MPI's plugins, which it dlopens itself, resolve symbols of libmpi and libopen-pal.
        var library = DlOpen(name, RtldNow | RtldGlobal);
        if (library == IntPtr.Zero)
            return Error.New($"--data-parallel needs Open MPI: could not load {name} ({DlError()}); install openmpi-bin and libopenmpi-dev (Debian, Ubuntu), or set {LibraryVariable} to Open MPI's libmpi.so");
        if (!NativeLibrary.TryGetExport(library, "ompi_mpi_comm_world", out _))
            return Error.New($"{name} is not Open MPI's libmpi (it has no ompi_mpi_comm_world; MPICH and its derivatives are not supported); set {LibraryVariable} to Open MPI's libmpi.so.40");
        try { return new OpenMpi(library); }
        catch (EntryPointNotFoundException e) { return Error.New($"{name} lacks {e.Message}: Open MPI 3 or later is needed"); }
    }

    public bool Initialized
    {
        get { int flag; initialized(&flag); return flag != 0; }
    }

    public bool Finalized
    {
        get { int flag; finalized(&flag); return flag != 0; }
    }

    /// <summary>The MCA parameter that makes a waiting rank yield its core inside MPI's progress loop (Open MPI reads it at MPI_Init).</summary>
    public const string YieldVariable = "OMPI_MCA_mpi_yield_when_idle";

    /// <summary>
    /// MPI_Init, then errors returned as codes on the world communicator instead of aborting inside
    /// MPI. Unless the user chose otherwise, a waiting rank yields its core: Open MPI spins by
    /// default, which on cores shared with the other rank or other work made a 2-rank all-reduce
    /// of 1,000 floats take 18 ms instead of 5 µs on the 2-vCPU benchmark machine.
    /// </summary>
    public int Init()
    {
        Functional.Native.NativeEnvironment.SetIfUnset(YieldVariable, "1");
        var code = init(null, null);
        return code != Success ? code : commSetErrhandler(CommWorld, ErrorsReturn);
    }

    public int Finalize() => finalize();

    public int Rank() { int rank; Throw(commRank(CommWorld, &rank), "MPI_Comm_rank"); return rank; }

    public int Size() { int size; Throw(commSize(CommWorld, &size), "MPI_Comm_size"); return size; }

    public IntPtr StartAllReduce(void* buffer, int count, IntPtr type, IntPtr op)
    {
        IntPtr request;
        Throw(iallreduce((void*)InPlaceAddress, buffer, count, type, op, CommWorld, &request), "MPI_Iallreduce");
        return request;
    }

    public IntPtr StartBroadcast(void* buffer, int count, IntPtr type, int root)
    {
        IntPtr request;
        Throw(ibcast(buffer, count, type, root, CommWorld, &request), "MPI_Ibcast");
        return request;
    }

    /// <summary>Whether the request finished (MPI_Test; the request is freed when it has).</summary>
    public bool Test(ref IntPtr request)
    {
        int done;
        fixed (IntPtr* r = &request) Throw(test(r, &done, null), "MPI_Test");
        return done != 0;
    }

    public void Abort(int code) => abort(CommWorld, code);

    public string Version()
    {
        var buffer = stackalloc byte[8192];
        int length;
        return libraryVersion(buffer, &length) == Success ? Encoding.ASCII.GetString(buffer, length).Split('\n', ',')[0].Trim() : "Open MPI";
    }

    public string Describe(int code)
    {
        var buffer = stackalloc byte[1024];
        int length;
        return errorString(code, buffer, &length) == Success ? Encoding.ASCII.GetString(buffer, length) : $"MPI error {code}";
    }

    void Throw(int code, string call)
    {
        if (code != Success) throw new RanksFailedException($"{call} failed: {Describe(code)}");
    }

    [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr DlOpen(string file, int mode);

    [LibraryImport("libc", EntryPoint = "dlerror")]
    private static partial IntPtr DlErrorPointer();

    static string DlError() => Marshal.PtrToStringAnsi(DlErrorPointer()) ?? "unknown error";
}
