using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Pkcs11Phone.Interop;

/// <summary>
/// The blank-padded character fields of PKCS#11 (CK_INFO.manufacturerID, CK_TOKEN_INFO.label, CK_TOKEN_INFO.utcTime, ...):
/// UTF-8, not NUL-terminated, padded to the field's full length with blanks (0x20).
/// Also reads the (pointer, length) UTF-8 strings of the API, such as PINs.
/// </summary>
/// <example>
/// <code>
/// CK_TOKEN_INFO info = default;
/// CkString.Write(new Span&lt;byte&gt;(info.label, 32), "Phone token");
/// string label = CkString.Read(new ReadOnlySpan&lt;byte&gt;(info.label, 32)); // "Phone token"
/// </code>
/// </example>
public static unsafe class CkString
{
    private const byte Blank = 0x20;

    /// <summary>
    /// Writes <paramref name="value"/> as UTF-8 into the whole <paramref name="field"/>: truncated at a UTF-8 character
    /// boundary if it does not fit (never half a character), then padded with blanks. A null value writes only blanks.
    /// Invalid UTF-16 (a lone surrogate) is written as U+FFFD.
    /// </summary>
    /// <returns>The number of bytes of <paramref name="value"/> written, before the padding.</returns>
    public static int Write(Span<byte> field, ReadOnlySpan<char> value)
    {
        Utf8.FromUtf16(value, field, out _, out int written, replaceInvalidSequences: true, isFinalBlock: true);
        field[written..].Fill(Blank);
        return written;
    }

    /// <inheritdoc cref="Write(Span{byte}, ReadOnlySpan{char})"/>
    public static int Write(Span<byte> field, string? value) => Write(field, value.AsSpan());

    /// <summary>Writes into a fixed field given by its address and length (for example <c>info->label, 32</c>).</summary>
    public static int Write(byte* field, int length, string? value) => Write(new Span<byte>(field, length), value.AsSpan());

    /// <summary>
    /// Reads a blank-padded field back: the UTF-8 text without its trailing blanks. Trailing NULs are also dropped
    /// (some applications pad with NUL). Invalid UTF-8 is read as U+FFFD.
    /// </summary>
    public static string Read(ReadOnlySpan<byte> field) => Encoding.UTF8.GetString(TrimEnd(field));

    /// <summary>Reads a fixed field given by its address and length.</summary>
    public static string Read(byte* field, int length) => Read(new ReadOnlySpan<byte>(field, length));

    /// <summary>The field without its trailing blanks and NULs, as bytes.</summary>
    public static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> field)
    {
        int end = field.Length;
        while (end > 0 && (field[end - 1] == Blank || field[end - 1] == 0))
        {
            end--;
        }
        return field[..end];
    }

    /// <summary>
    /// Reads a (pointer, CK_ULONG length) UTF-8 string of the API, such as the PIN of C_Login, exactly as given
    /// (no trimming). A NULL pointer reads as the empty string.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is more than a managed string can hold.</exception>
    public static string FromUtf8(byte* value, nuint length)
    {
        if (value == null || length == 0)
        {
            return string.Empty;
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, (nuint)Array.MaxLength);
        return Encoding.UTF8.GetString(value, (int)length);
    }

    /// <summary>
    /// Reads a NUL-terminated UTF-8 string (like CK_INTERFACE.pInterfaceName). A NULL pointer reads as null.
    /// </summary>
    public static string? FromNulTerminated(byte* value) =>
        value == null ? null : Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value));
}
