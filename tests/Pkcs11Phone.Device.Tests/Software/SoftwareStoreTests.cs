using System.Security.Cryptography;
using System.Text;
using Pkcs11Phone.Device.Software;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;
using static Pkcs11Phone.Device.Tests.BackendSuite.P11;

namespace Pkcs11Phone.Device.Tests.Software;

/// <summary>What only the software keystore promises: its life cycle, its files, what is (not) in them, restarts.</summary>
public sealed class SoftwareStoreTests
{
    private const string SoPin = "so-pin-1111", UserPin = "user-pin-2222", App = "app";
    private string _dir = null!;
    private readonly List<SoftwareCryptoModule> _modules = [];

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("p11phone-store-").FullName;

    [TearDown]
    public void TearDown()
    {
        foreach (var m in _modules) m.Dispose();
        _modules.Clear();
        Directory.Delete(_dir, recursive: true);
    }

    private string TokenDir => Path.Combine(_dir, "tokens", "0");
    private string ObjectsDir => Path.Combine(TokenDir, "objects");
    private string RecordPath => Path.Combine(TokenDir, "token.json");

    private SoftwareCryptoModule Open(TokenSettings? settings = null, string? dir = null, KdfCost? cost = null)
    {
        var m = new SoftwareCryptoModule(dir ?? _dir, settings ?? new TokenSettings(), cost ?? SoftwareTokenContract.Cheap);
        _modules.Add(m);
        return m;
    }

    private static void Expect(ulong actual, nuint expected, string? because = null) =>
        Assert.That(Name(actual), Is.EqualTo(Name(expected)), because);

    private static void Initialize(IPhoneToken t)
    {
        Expect(t.InitToken(Utf8(SoPin), "Store"), CKR.OK);
        Expect(t.Login("setup", CKU.SO, Utf8(SoPin)), CKR.OK);
        Expect(t.InitPin("setup", Utf8(UserPin)), CKR.OK);
        Expect(t.Logout("setup"), CKR.OK);
    }

    private IPhoneToken OpenInitialized()
    {
        var t = Open().Tokens[0];
        Initialize(t);
        return t;
    }

    private static ulong Data(IPhoneToken t, string label, bool token = true) =>
        t.CreateObject(App, [U(CKA.CLASS, CKO.DATA), B(CKA.TOKEN, token), S(CKA.LABEL, label), Raw(CKA.VALUE, Utf8("payload " + label))]).Ok();

    /// <summary>
    /// The contract lets a token keep CKA_VALUE and CKA_APPLICATION of a data object fixed (SoftHSMv2 does); the software
    /// keystore changes them, as PKCS#11 calls them modifiable, and keeps the change across a restart.
    /// </summary>
    [Test]
    public void DataObjectValuesAndApplicationsChange()
    {
        var t = OpenInitialized();
        var h = t.CreateObject(App, [U(CKA.CLASS, CKO.DATA), B(CKA.TOKEN, true), S(CKA.LABEL, "notes"), S(CKA.APPLICATION, "first"),
            Raw(CKA.VALUE, [1])]).Ok();
        Expect(t.SetAttributes(App, h, [Raw(CKA.VALUE, [1, 2, 3]), S(CKA.APPLICATION, "second")]), CKR.OK);
        Expect(t.SetAttributes(App, h, [Raw(CKA.OBJECT_ID, DerOid("1.2.3.4"))]), CKR.OK);
        _modules[^1].Dispose();
        var o = Open().Tokens[0].Objects.Single(x => x.Handle == h);
        Assert.That(o.Bytes(CKA.VALUE), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(o.Text(CKA.APPLICATION), Is.EqualTo("second"));
        Assert.That(o.Bytes(CKA.OBJECT_ID), Is.EqualTo(DerOid("1.2.3.4")));
    }

    [Test]
    public void AFreshTokenIsNotInitialized()
    {
        var t = Open(new TokenSettings("Fresh")).Tokens[0];
        var flags = t.Info.Flags;
        Assert.That(flags & CKF.TOKEN_INITIALIZED, Is.Zero);
        Assert.That(flags & CKF.USER_PIN_INITIALIZED, Is.Zero);
        Assert.That(flags & (CKF.RNG | CKF.LOGIN_REQUIRED), Is.EqualTo((ulong)(CKF.RNG | CKF.LOGIN_REQUIRED)));
        Expect(t.Login(App, CKU.USER, Utf8(UserPin)), CKR.USER_PIN_NOT_INITIALIZED);
        Expect(t.Login(App, CKU.SO, Utf8(SoPin)), CKR.PIN_INCORRECT, "there is no SO PIN yet");
        Expect(t.InitToken(Utf8("123"), "x"), CKR.PIN_LEN_RANGE);
        Expect(t.InitToken(Utf8(new string('9', 65)), "x"), CKR.PIN_LEN_RANGE);
        Expect(t.InitToken(Utf8(SoPin), new string('L', 33)), CKR.ARGUMENTS_BAD, "a label of 33 bytes");
        ulong before = t.Generation;
        Expect(t.InitToken(Utf8(SoPin), "First label                     "), CKR.OK, "a blank-padded label");
        Assert.That(t.Info.Label, Is.EqualTo("First label"));
        Assert.That(t.Info.Flags & CKF.TOKEN_INITIALIZED, Is.Not.Zero);
        Assert.That(t.Info.Flags & CKF.USER_PIN_INITIALIZED, Is.Zero);
        Assert.That(t.Generation, Is.Not.EqualTo(before));
        Expect(t.Login(App, CKU.USER, Utf8(UserPin)), CKR.USER_PIN_NOT_INITIALIZED);
        Expect(t.SetPin(App, Utf8(UserPin), Utf8("whatever")), CKR.USER_PIN_NOT_INITIALIZED);
        Expect(t.Login(App, CKU.SO, Utf8(SoPin)), CKR.OK);
        Expect(t.InitToken(Utf8(SoPin), "busy"), CKR.SESSION_EXISTS, "not while a client is logged in");
    }

    [Test]
    public void SettingsArePersistedAndApplied()
    {
        var m = Open(new TokenSettings("Phone one", "ABCDEF0123", true));
        Assert.That(m.Tokens[0].Info.Flags & CKF.PROTECTED_AUTHENTICATION_PATH, Is.Not.Zero);
        m.Dispose();
        var again = Open();
        Assert.That(again.Tokens[0].Info.Label, Is.EqualTo("Phone one"));
        Assert.That(again.Tokens[0].Info.Serial, Is.EqualTo("ABCDEF0123"));
        Assert.That(again.Tokens[0].Info.Flags & CKF.PROTECTED_AUTHENTICATION_PATH, Is.Not.Zero);
        again.Dispose();
        var changed = Open(new TokenSettings(ProtectedAuthenticationPath: false));
        Assert.That(changed.Tokens[0].Info.Flags & CKF.PROTECTED_AUTHENTICATION_PATH, Is.Zero);
        Assert.That(changed.Tokens[0].Info.Label, Is.EqualTo("Phone one"));
    }

    [Test]
    public void TheStoreSurvivesRestarts()
    {
        var t = OpenInitialized();
        Expect(t.Login(App, CKU.USER, Utf8(UserPin)), CKR.OK);
        var (pub, priv) = t.GenerateKeyPair(App, P11Mechanism.Plain(CKM.EC_KEY_PAIR_GEN),
            [B(CKA.TOKEN, true), Raw(CKA.EC_PARAMS, DerOid("1.2.840.10045.3.1.7"))], [B(CKA.TOKEN, true)]).Ok();
        var data = Data(t, "kept");
        var objects = t.Objects;
        for (int i = 0; i < 3; i++)
        {
            _modules[^1].Dispose();
            t = Open().Tokens[0];
            Assert.That(t.Objects.Select(o => o.Handle), Is.EquivalentTo(objects.Select(o => o.Handle)), $"restart {i}");
            Assert.That(t.Info.Flags & CKF.USER_PIN_INITIALIZED, Is.Not.Zero);
        }
        Expect(t.Login(App, CKU.USER, Utf8(UserPin)), CKR.OK);
        var hash = SHA256.HashData("after restarts"u8);
        var sig = t.Sign(App, priv, P11Mechanism.Plain(CKM.ECDSA), hash).Ok();
        using var ecdsa = BackendSuite.Independent.Ecdsa(t.Objects.Single(o => o.Handle == pub), BackendSuite.KeySpec.P256);
        Assert.That(ecdsa.VerifyHash(hash, sig), Is.True);
        Assert.That(t.Objects.Single(o => o.Handle == data).Text(CKA.VALUE), Is.EqualTo("payload kept"));
    }

    [Test]
    public void NoPinKeyOrMasterKeyIsInAnyFile()
    {
        var t = OpenInitialized();
        Expect(t.Login(App, CKU.USER, Utf8(UserPin)), CKR.OK);
        var masterKey = ((SoftwareToken)t).MasterKeyForTests!;
        Assert.That(masterKey, Has.Length.EqualTo(32));

        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(true);
        t.CreateObject(App, [U(CKA.CLASS, CKO.PRIVATE_KEY), U(CKA.KEY_TYPE, CKK.RSA), B(CKA.TOKEN, true),
            Raw(CKA.MODULUS, p.Modulus!), Raw(CKA.PUBLIC_EXPONENT, p.Exponent!), Raw(CKA.PRIVATE_EXPONENT, p.D!),
            Raw(CKA.PRIME_1, p.P!), Raw(CKA.PRIME_2, p.Q!), Raw(CKA.EXPONENT_1, p.DP!), Raw(CKA.EXPONENT_2, p.DQ!), Raw(CKA.COEFFICIENT, p.InverseQ!)]).Ok();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ecD = ec.ExportParameters(true).D!;
        t.CreateObject(App, [U(CKA.CLASS, CKO.PRIVATE_KEY), U(CKA.KEY_TYPE, CKK.EC), B(CKA.TOKEN, true),
            Raw(CKA.EC_PARAMS, DerOid("1.2.840.10045.3.1.7")), Raw(CKA.VALUE, ecD)]).Ok();
        var seed = RandomNumberGenerator.GetBytes(32);
        t.CreateObject(App, [U(CKA.CLASS, CKO.PRIVATE_KEY), U(CKA.KEY_TYPE, CKK.EC_EDWARDS), B(CKA.TOKEN, true), B(CKA.SENSITIVE, false),
            B(CKA.EXTRACTABLE, true), Raw(CKA.EC_PARAMS, DerOid("1.3.101.112")), Raw(CKA.VALUE, seed)]).Ok();
        Expect(t.SetPin(App, Utf8(UserPin), Utf8("changed-pin-3333")), CKR.OK);
        Expect(t.Logout(App), CKR.OK);
        Assert.That(((SoftwareToken)t).MasterKeyForTests, Is.Null, "the master key leaves memory with the last login");

        var secrets = new Dictionary<string, byte[]>
        {
            ["user PIN"] = Utf8(UserPin), ["new user PIN"] = Utf8("changed-pin-3333"), ["SO PIN"] = Utf8(SoPin), ["master key"] = masterKey,
            ["RSA d"] = p.D!, ["RSA p"] = p.P!, ["RSA q"] = p.Q!, ["RSA dp"] = p.DP!, ["RSA dq"] = p.DQ!, ["RSA qinv"] = p.InverseQ!,
            ["EC d"] = ecD, ["Ed25519 seed"] = seed,
        };
        var files = Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories).ToList();
        Assert.That(files, Has.Count.GreaterThanOrEqualTo(4));
        foreach (var file in files)
        {
            var content = File.ReadAllBytes(file);
            var text = Encoding.ASCII.GetString(content);
            foreach (var (name, secret) in secrets)
            {
                // The whole value, a window of it (in case of another integer encoding), and its hex and base64 forms.
                var window = secret.Length > 16 ? secret.AsSpan(secret.Length / 2 - 8, 16).ToArray() : secret;
                Assert.That(content.AsSpan().IndexOf(window), Is.EqualTo(-1), $"{name} in {file}");
                Assert.That(text, Does.Not.Contain(Convert.ToHexString(secret)).IgnoreCase, $"{name} (hex) in {file}");
                Assert.That(text, Does.Not.Contain(Convert.ToBase64String(secret)), $"{name} (base64) in {file}");
            }
        }
    }

    [Test]
    public void FilesAreTheOwnersOnly()
    {
        var t = OpenInitialized();
        Data(t, "mode");
        const UnixFileMode Group = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
        const UnixFileMode Others = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        foreach (var f in Directory.EnumerateFiles(TokenDir, "*", SearchOption.AllDirectories).Append(TokenDir).Append(ObjectsDir))
            Assert.That(File.GetUnixFileMode(f) & (Group | Others), Is.EqualTo((UnixFileMode)0), f);
    }

    [Test]
    public void WrongPinCountsSurviveRestarts()
    {
        var t = OpenInitialized();
        Expect(t.Login(App, CKU.USER, Utf8("wrong-1")), CKR.PIN_INCORRECT);
        Expect(t.Login(App, CKU.USER, Utf8("wrong-2")), CKR.PIN_INCORRECT);
        _modules[^1].Dispose();
        t = Open().Tokens[0];
        Assert.That(t.Info.Flags & CKF.USER_PIN_FINAL_TRY, Is.Not.Zero, "two failures remembered");
        Expect(t.Login(App, CKU.USER, Utf8("wrong-3")), CKR.PIN_LOCKED);
        _modules[^1].Dispose();
        t = Open().Tokens[0];
        Assert.That(t.Info.Flags & CKF.USER_PIN_LOCKED, Is.Not.Zero);
        Expect(t.Login(App, CKU.USER, Utf8(UserPin)), CKR.PIN_LOCKED);
        Assert.That(TokenStore.Load(RecordPath)!.UserFailures, Is.EqualTo(3));
    }

    [Test]
    public void TheCounterIsWrittenBeforeThePinIsChecked()
    {
        var t = OpenInitialized();
        var soft = (SoftwareToken)t;
        string? snapshot = null;
        soft.BeforePinCheck = () => snapshot = CopyTree(_dir);
        Expect(t.Login(App, CKU.USER, Utf8(UserPin)), CKR.OK);
        soft.BeforePinCheck = null;
        try
        {
            Assert.That(snapshot, Is.Not.Null);
            // Killed during the check: the try is spent.
            var crashed = Open(dir: snapshot);
            Assert.That(crashed.Tokens[0].Info.Flags & CKF.USER_PIN_COUNT_LOW, Is.Not.Zero);
            // Not killed: the right PIN gave it back.
            Assert.That(t.Info.Flags & CKF.USER_PIN_COUNT_LOW, Is.Zero);
            Assert.That(TokenStore.Load(RecordPath)!.UserFailures, Is.Zero);
        }
        finally
        {
            if (snapshot is not null) Directory.Delete(snapshot, recursive: true);
        }
    }

    [Test]
    public void GenerationNeverGoesBackwards()
    {
        var t = OpenInitialized();
        ulong last = t.Generation;
        for (int i = 0; i < 4; i++)
        {
            Data(t, "session " + i, token: false);
            Data(t, "session b " + i, token: false);
            Assert.That(t.Generation, Is.GreaterThan(last));
            last = t.Generation;
            _modules[^1].Dispose();
            t = Open().Tokens[0];
            Assert.That(t.Generation, Is.GreaterThan(last), "a restart raises the generation");
            last = t.Generation;
        }
    }

    [Test]
    public void ObjectsOfAnInterruptedInitTokenAreDropped()
    {
        var t = OpenInitialized();
        var old = Data(t, "before re-initialization");
        var file = Path.Combine(ObjectsDir, old.ToString("x16") + ".obj");
        Assert.That(File.Exists(file), Is.True);
        var saved = File.ReadAllBytes(file);
        Expect(t.InitToken(Utf8(SoPin), "again"), CKR.OK);
        Assert.That(File.Exists(file), Is.False);
        // As if the process died after committing token.json but before removing the old objects:
        File.WriteAllBytes(file, saved);
        _modules[^1].Dispose();
        t = Open().Tokens[0];
        Assert.That(t.Objects, Is.Empty);
        Assert.That(File.Exists(file), Is.False, "the leftover is removed");
        Assert.That(t.Info.Label, Is.EqualTo("again"));
    }

    [Test]
    public void LeftoverTemporaryFilesAreIgnored()
    {
        var t = OpenInitialized();
        var h = Data(t, "real");
        _modules[^1].Dispose();
        var tmp1 = Path.Combine(ObjectsDir, "0000000000000063.obj.tmp-123-ABCDEF01");
        var tmp2 = RecordPath + ".tmp-123-ABCDEF02";
        File.WriteAllBytes(tmp1, [1, 2, 3]);
        File.WriteAllText(tmp2, "{ half a token");
        t = Open().Tokens[0];
        Assert.That(t.Objects.Select(o => o.Handle), Is.EqualTo(new[] { h }));
        Assert.That(File.Exists(tmp1) || File.Exists(tmp2), Is.False, "leftovers are removed");
    }

    public enum Damage { GarbageObject, TruncatedObject, FlippedBit, HugeObject, MisnamedObject, GarbageRecord, HugeRecord, CounterOutOfRange }

    [TestCase(Damage.GarbageObject)]
    [TestCase(Damage.TruncatedObject)]
    [TestCase(Damage.FlippedBit)]
    [TestCase(Damage.HugeObject)]
    [TestCase(Damage.MisnamedObject)]
    [TestCase(Damage.GarbageRecord)]
    [TestCase(Damage.HugeRecord)]
    [TestCase(Damage.CounterOutOfRange)]
    public void CorruptFilesAreReportedWithTheirName(Damage damage)
    {
        var t = OpenInitialized();
        var h = Data(t, "victim");
        _modules[^1].Dispose();
        var obj = Path.Combine(ObjectsDir, h.ToString("x16") + ".obj");
        string named = obj;
        switch (damage)
        {
            case Damage.GarbageObject: File.WriteAllText(obj, "not an object"); break;
            case Damage.TruncatedObject: File.WriteAllBytes(obj, File.ReadAllBytes(obj)[..40]); break;
            case Damage.FlippedBit:
                var b = File.ReadAllBytes(obj);
                b[b.Length / 2] ^= 0x10;
                File.WriteAllBytes(obj, b);
                break;
            case Damage.HugeObject: File.WriteAllBytes(obj, new byte[2 << 20]); break;
            case Damage.MisnamedObject:
                named = Path.Combine(ObjectsDir, (h + 100).ToString("x16") + ".obj");
                File.Move(obj, named);
                break;
            case Damage.GarbageRecord: File.WriteAllText(RecordPath, "{\"Label\": 3"); named = RecordPath; break;
            case Damage.HugeRecord: File.WriteAllBytes(RecordPath, new byte[2 << 20]); named = RecordPath; break;
            case Damage.CounterOutOfRange:
                File.WriteAllText(RecordPath, File.ReadAllText(RecordPath).Replace("\"UserFailures\": 0", "\"UserFailures\": 9"));
                named = RecordPath;
                break;
        }
        var e = Assert.Throws<InvalidDataException>(() => Open());
        Assert.That(e!.Message, Does.Contain(named));
    }

    [Test]
    public void TheKeyDerivationCostIsRecordedWithEachPin()
    {
        var cheap = OpenInitialized();
        var record = TokenStore.Load(RecordPath)!;
        Assert.That(record.SoKey!.MemoryKiB, Is.EqualTo(SoftwareTokenContract.Cheap.MemoryKiB));
        Assert.That(record.UserKey!.Salt, Is.Not.EqualTo(record.SoKey.Salt), "a salt for each wrap");
        _modules[^1].Dispose();

        // The default cost applies to PINs set from now on; the old wraps keep theirs.
        var t = Open(cost: KdfCost.Default).Tokens[0];
        Expect(t.SetPin(App, Utf8(UserPin), Utf8("slow-user-pin")), CKR.OK);
        record = TokenStore.Load(RecordPath)!;
        Assert.That(record.UserKey!.MemoryKiB, Is.EqualTo(19 * 1024));
        Assert.That(record.UserKey.Iterations, Is.EqualTo(2));
        Assert.That(record.SoKey!.MemoryKiB, Is.EqualTo(SoftwareTokenContract.Cheap.MemoryKiB));
        Expect(t.Login(App, CKU.USER, Utf8("slow-user-pin")), CKR.OK);
        Assert.Throws<ArgumentOutOfRangeException>(() => Open(cost: new KdfCost(1, 1, 1)));
    }

    [Test]
    public void BadInputNeverThrows()
    {
        var t = OpenInitialized();
        Expect(t.Login(null!, CKU.USER, Utf8(UserPin)), CKR.ARGUMENTS_BAD);
        Expect(t.CreateObject(App, null!).Rv, CKR.ARGUMENTS_BAD);
        Expect(t.CreateObject(App, [null!]).Rv, CKR.ARGUMENTS_BAD);
        Expect(t.CreateObject(App, [new P11Attribute(CKA.CLASS, null!)]).Rv, CKR.ARGUMENTS_BAD);
        Expect(t.GenerateKeyPair(App, null!, [], []).Rv, CKR.ARGUMENTS_BAD);
        Expect(t.Sign(App, 1, null!, []).Rv, CKR.ARGUMENTS_BAD);
        Expect(t.SetAttributes(App, 1, null!), CKR.ARGUMENTS_BAD);
        Expect(t.InitToken(Utf8(SoPin), null!), CKR.ARGUMENTS_BAD);
        Expect(t.CreateObject(App, [U(CKA.CLASS, CKO.DATA), Raw(CKA.VALUE, new byte[600 * 1024])]).Rv, CKR.DEVICE_MEMORY);
        t.EndClient(null!);
        Assert.That(t.LoggedInAs(null!), Is.Null);
    }

    /// <summary>
    /// A copy of a directory tree, file by file, as a backup tool (cp, rsync) or a crash would see it. The files are read
    /// without the advisory lock .NET takes when it opens a file (flock LOCK_SH): with it, a copy that opened the writer's
    /// temporary file between its creation and the writer's own exclusive lock made the writer fail (CKR_DEVICE_ERROR),
    /// which no backup tool or crash does.
    /// </summary>
    internal static string CopyTree(string source)
    {
        var target = Directory.CreateTempSubdirectory("p11phone-copy-").FullName;
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, dir)));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            // null: renamed or removed meanwhile (a temporary file, a destroyed object)
            if (ReadWithoutLock(file) is { } bytes) File.WriteAllBytes(Path.Combine(target, Path.GetRelativePath(source, file)), bytes);
        }
        return target;
    }

    /// <summary>The bytes of a file read with open(2) and read(2) only, or null when it is gone.</summary>
    private static byte[]? ReadWithoutLock(string path)
    {
        int fd = OpenForReading(path, OpenReadOnly | OpenCloseOnExec);
        if (fd < 0) return null;
        using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private const int OpenReadOnly = 0, OpenCloseOnExec = 0x80000;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open")]
    private static extern int OpenForReading([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags);
}
