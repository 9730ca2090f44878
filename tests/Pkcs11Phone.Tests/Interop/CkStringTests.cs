using System.Text;
using Pkcs11Phone.Interop;

namespace Pkcs11Phone.Tests.Interop;

[TestFixture]
public sealed unsafe class CkStringTests
{
    private static string Bytes(ReadOnlySpan<byte> b) => Convert.ToHexString(b);

    [Test]
    public void PadsWithBlanks()
    {
        Span<byte> field = stackalloc byte[8];
        field.Fill(0xEE);
        int written = CkString.Write(field, "abc");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(written, Is.EqualTo(3));
            Assert.That(Encoding.ASCII.GetString(field), Is.EqualTo("abc     "));
        }
    }

    [Test]
    public void NullOrEmptyIsAllBlanks()
    {
        Span<byte> field = stackalloc byte[4];
        CkString.Write(field, (string?)null);
        Assert.That(Encoding.ASCII.GetString(field), Is.EqualTo("    "));
        field.Clear();
        CkString.Write(field, "");
        Assert.That(Encoding.ASCII.GetString(field), Is.EqualTo("    "));
    }

    [Test]
    public void ExactFitAndTruncation()
    {
        Span<byte> field = stackalloc byte[4];
        Assert.That(CkString.Write(field, "abcd"), Is.EqualTo(4));
        Assert.That(Encoding.ASCII.GetString(field), Is.EqualTo("abcd"));
        Assert.That(CkString.Write(field, "abcdefgh"), Is.EqualTo(4));
        Assert.That(Encoding.ASCII.GetString(field), Is.EqualTo("abcd"));
    }

    [Test]
    public void TruncatesAtAUtf8CharacterBoundary()
    {
        // "aé€😀" is 61 C3A9 E282AC F09F9880: 1 + 2 + 3 + 4 bytes.
        Span<byte> field = stackalloc byte[5];
        Assert.That(CkString.Write(field, "aé€😀"), Is.EqualTo(3));
        Assert.That(Bytes(field), Is.EqualTo("61C3A92020"), "the euro sign does not fit whole in the last 2 bytes");

        field = stackalloc byte[6];
        Assert.That(CkString.Write(field, "aé€😀"), Is.EqualTo(6));
        Assert.That(Bytes(field), Is.EqualTo("61C3A9E282AC"));

        field = stackalloc byte[9];
        Assert.That(CkString.Write(field, "aé€😀"), Is.EqualTo(6));
        Assert.That(Bytes(field), Is.EqualTo("61C3A9E282AC202020"), "a surrogate pair is one 4-byte character");

        field = stackalloc byte[1];
        Assert.That(CkString.Write(field, "é"), Is.EqualTo(0));
        Assert.That(Bytes(field), Is.EqualTo("20"));
    }

    [Test]
    public void LoneSurrogateBecomesReplacementCharacter()
    {
        Span<byte> field = stackalloc byte[4];
        CkString.Write(field, "\uD800");
        Assert.That(Bytes(field), Is.EqualTo("EFBFBD20"));
    }

    [Test]
    public void ReadsBackWithoutTrailingBlanksOrNuls()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(CkString.Read("Phone token     "u8), Is.EqualTo("Phone token"));
            Assert.That(CkString.Read("  lead kept  "u8), Is.EqualTo("  lead kept"));
            Assert.That(CkString.Read("nul\0\0\0"u8), Is.EqualTo("nul"));
            Assert.That(CkString.Read("        "u8), Is.EqualTo(""));
            Assert.That(CkString.Read("caf\u00e9   "u8), Is.EqualTo("café"));
            Assert.That(CkString.TrimEnd("ab  "u8).Length, Is.EqualTo(2));
        }
    }

    [Test]
    public void RoundTripThroughAFixedField()
    {
        CK_TOKEN_INFO info = default;
        CkString.Write(info.label, 32, "Téléphone de Zoë");
        CkString.Write(new Span<byte>(info.serialNumber, 16), "0123456789ABCDEF0123");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(CkString.Read(info.label, 32), Is.EqualTo("Téléphone de Zoë"));
            Assert.That(info.label[31], Is.EqualTo((byte)' '));
            Assert.That(CkString.Read(new ReadOnlySpan<byte>(info.serialNumber, 16)), Is.EqualTo("0123456789ABCDEF"));
        }
    }

    [Test]
    public void ReadsPointerStrings()
    {
        byte[] pin = "12 34 "u8.ToArray();
        fixed (byte* p = pin)
        {
            Assert.That(CkString.FromUtf8(p, (nuint)pin.Length), Is.EqualTo("12 34 "), "PINs are read as given, blanks kept");
            Assert.That(CkString.FromUtf8(p, 2), Is.EqualTo("12"));
        }
        Assert.That(CkString.FromUtf8(null, 5), Is.EqualTo(""));

        byte[] name = "PKCS 11\0junk"u8.ToArray();
        fixed (byte* p = name)
        {
            Assert.That(CkString.FromNulTerminated(p), Is.EqualTo("PKCS 11"));
        }
        Assert.That(CkString.FromNulTerminated(null), Is.Null);
    }
}
