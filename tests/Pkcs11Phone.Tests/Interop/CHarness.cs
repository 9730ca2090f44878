using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Pkcs11Phone.Interop;

namespace Pkcs11Phone.Tests.Interop;

/// <summary>A system PKCS#11 header that the C compiler is asked about.</summary>
/// <param name="Name">How the tests name it.</param>
/// <param name="HeaderFile">The file that must exist.</param>
/// <param name="Include">The #include line.</param>
/// <param name="CompilerFlags">Extra include directories.</param>
/// <param name="Package">The Debian package that ships it.</param>
/// <param name="HasV30">Whether it declares the v3.0 types (CK_INTERFACE, CK_FUNCTION_LIST_3_0).</param>
public sealed record PkcsHeader(string Name, string HeaderFile, string Include, string[] CompilerFlags, string Package, bool HasV30)
{
    /// <summary>p11-kit's pkcs11.h: PKCS#11 v2.40 (package libp11-kit-dev, installed by build/deps.sh).</summary>
    public static readonly PkcsHeader P11Kit = new(
        "p11-kit", "/usr/include/p11-kit-1/p11-kit/pkcs11.h", "#include <p11-kit-1/p11-kit/pkcs11.h>", [], "libp11-kit-dev", HasV30: false);

    /// <summary>
    /// NSS's pkcs11.h (pkcs11t.h, pkcs11f.h): PKCS#11 v3.0, the only system header here with CK_INTERFACE and
    /// CK_FUNCTION_LIST_3_0 (p11-kit's gains them only in 0.25). Package libnss3-dev (with libnspr4-dev).
    /// </summary>
    public static readonly PkcsHeader Nss = new(
        "NSS", "/usr/include/nss/pkcs11t.h", "#include <pkcs11.h>", ["-I/usr/include/nss", "-I/usr/include/nspr"], "libnss3-dev", HasV30: true);

    public static readonly PkcsHeader[] All = [P11Kit, Nss];

    public override string ToString() => Name;
}

/// <summary>
/// Compiles and runs small C programs against the system PKCS#11 headers, so that the C# view of the ABI
/// (struct layouts, function-table slots, constants) is checked against the C compiler's. A missing compiler
/// or header fails the test with the package to install: it never passes or skips silently.
/// </summary>
public static class CHarness
{
    private static readonly Dictionary<string, string> s_outputs = new();
    private static readonly Lock s_gate = new();

    /// <summary>Compiles <paramref name="source"/> (which includes the header itself) and returns what it prints; cached by source.</summary>
    public static string CompileAndRun(PkcsHeader header, string source)
    {
        lock (s_gate)
        {
            string key = header.Name + "\n" + source;
            if (s_outputs.TryGetValue(key, out string? cached))
            {
                return cached;
            }
            RequireHeader(header);
            string dir = Directory.CreateTempSubdirectory("pkcs11phone-cabi-").FullName;
            try
            {
                string c = Path.Combine(dir, "probe.c");
                string exe = Path.Combine(dir, "probe");
                File.WriteAllText(c, source);
                Run(Compiler, [.. header.CompilerFlags, "-std=gnu11", "-Wall", "-o", exe, c], $"compiling against {header.Name}'s header");
                string output = Run(exe, [], "running the compiled probe");
                s_outputs[key] = output;
                return output;
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>The object-like macros of the header whose names start with CK (name and body), from <c>cc -dM -E</c>.</summary>
    public static IReadOnlyList<(string Name, string Body)> Macros(PkcsHeader header)
    {
        RequireHeader(header);
        string dir = Directory.CreateTempSubdirectory("pkcs11phone-cabi-").FullName;
        try
        {
            string c = Path.Combine(dir, "macros.c");
            File.WriteAllText(c, header.Include + "\n");
            string output = Run(Compiler, [.. header.CompilerFlags, "-dM", "-E", c], $"preprocessing {header.Name}'s header");
            var macros = new List<(string, string)>();
            foreach (string line in output.Split('\n'))
            {
                if (!line.StartsWith("#define CK", StringComparison.Ordinal))
                {
                    continue;
                }
                string rest = line["#define ".Length..];
                int space = rest.IndexOf(' ');
                string name = space < 0 ? rest : rest[..space];
                if (name.Contains('('))
                {
                    continue; // function-like
                }
                macros.Add((name, space < 0 ? "" : rest[(space + 1)..].Trim()));
            }
            return macros;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Parses "key value value ..." lines.</summary>
    public static Dictionary<string, string[]> ParseLines(string output)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split(' ');
            result[parts[0]] = parts[1..];
        }
        return result;
    }

    /// <summary>The C type that a C# field or parameter type stands for, for __builtin_types_compatible_p.</summary>
    public static string CType(Type type)
    {
        if (type == typeof(nuint))
        {
            return "unsigned long";
        }
        if (type == typeof(byte))
        {
            return "unsigned char";
        }
        if (type == typeof(void))
        {
            return "void";
        }
        if (type.IsPointer)
        {
            return CType(type.GetElementType()!) + " *";
        }
        if (type.IsFunctionPointer)
        {
            Type[] parameters = type.GetFunctionPointerParameterTypes();
            string list = parameters.Length == 0 ? "void" : string.Join(", ", parameters.Select(CType));
            return $"{CType(type.GetFunctionPointerReturnType())} (*)({list})";
        }
        if (type.IsValueType && type.Namespace == typeof(CK_VERSION).Namespace && type.Name.StartsWith("CK_", StringComparison.Ordinal))
        {
            return type.Name; // the C typedef of the same name
        }
        throw new NotSupportedException($"no C type for {type}");
    }

    /// <summary>The C type of a struct field: a fixed buffer is an array.</summary>
    public static string CFieldType(FieldInfo field)
    {
        if (field.GetCustomAttribute<FixedBufferAttribute>() is { } buffer)
        {
            return $"{CType(buffer.ElementType)}[{buffer.Length}]";
        }
        return CType(field.FieldType);
    }

    /// <summary>The size of a struct field as C# lays it out.</summary>
    public static int FieldSize(FieldInfo field)
    {
        if (field.GetCustomAttribute<FixedBufferAttribute>() is { } buffer)
        {
            return buffer.Length * Marshal.SizeOf(buffer.ElementType);
        }
        Type t = field.FieldType;
        if (t.IsPointer || t.IsFunctionPointer)
        {
            return IntPtr.Size;
        }
        return Marshal.SizeOf(t);
    }

    /// <summary>The instance fields of a struct in declaration order (the metadata order of a sequential struct).</summary>
    public static FieldInfo[] Fields(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .OrderBy(f => f.MetadataToken)
            .ToArray();

    private static void RequireHeader(PkcsHeader header)
    {
        if (!File.Exists(header.HeaderFile))
        {
            Assert.Fail($"{header.HeaderFile} is missing: install the Debian package {header.Package} " +
                        "(build/deps.sh installs the build and test dependencies). The C ABI cannot be checked without it.");
        }
    }

    private static string Compiler { get; } = FindCompiler();

    private static string FindCompiler()
    {
        foreach (string name in new[] { "cc", "gcc", "clang" })
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                string path = Path.Combine(dir, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }
        return "";
    }

    private static string Run(string program, string[] arguments, string what)
    {
        if (program.Length == 0)
        {
            Assert.Fail("No C compiler (cc, gcc or clang) on PATH: install clang or gcc " +
                        "(build/deps.sh installs clang). The C ABI cannot be checked without one.");
        }
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{what}: {program} did not finish within 2 minutes");
        }
        if (process.ExitCode != 0)
        {
            var message = new StringBuilder();
            message.Append(what).Append(" failed (exit ").Append(process.ExitCode).Append("): ")
                   .Append(program).Append(' ').AppendJoin(' ', arguments).AppendLine()
                   .AppendLine(stderr.Result).AppendLine(stdout.Result);
            Assert.Fail(message.ToString());
        }
        return stdout.Result;
    }
}
