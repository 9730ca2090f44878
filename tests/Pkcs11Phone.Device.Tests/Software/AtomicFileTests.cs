using System.Diagnostics;

namespace Pkcs11Phone.Device.Tests.Software;

/// <summary>
/// <see cref="AtomicFile.Write"/> and readers of its temporary file (a backup tool copying the data directory):
/// neither fails the other.
/// </summary>
public sealed class AtomicFileTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("p11phone-atomic-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void ReadersOfTheTemporaryFileDoNotFailTheWriter()
    {
        var target = Path.Combine(_dir, "object");
        var payload = new byte[1 << 20];
        Random.Shared.NextBytes(payload);
        int opened = 0;
        var readerErrors = new List<string>();
        using var stop = new CancellationTokenSource();

        // The reader opens every temporary file it sees, as File.OpenRead (FileShare.Read) does.
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var f in Directory.EnumerateFiles(_dir))
                {
                    if (!AtomicFile.IsTemporary(f)) continue;
                    try
                    {
                        using var fs = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.Read);
                        fs.ReadByte();
                        Interlocked.Increment(ref opened);
                    }
                    catch (FileNotFoundException) { }
                    catch (IOException e) { lock (readerErrors) readerErrors.Add(e.Message); }
                }
            }
        });

        var sw = Stopwatch.StartNew();
        int writes = 0;
        try
        {
            while (sw.Elapsed < TimeSpan.FromSeconds(20) && (Volatile.Read(ref opened) < 20 || writes < 50))
            {
                Assert.DoesNotThrow(() => AtomicFile.Write(target, payload), "a reader failed the write");
                writes++;
            }
        }
        finally
        {
            stop.Cancel();
            reader.Wait();
        }

        Assert.Multiple(() =>
        {
            Assert.That(opened, Is.GreaterThan(0), $"the reader never caught a temporary file in {writes} writes");
            Assert.That(readerErrors, Is.Empty, "the writer's lock failed a reader");
            Assert.That(File.ReadAllBytes(target), Is.EqualTo(payload));
            Assert.That(Directory.EnumerateFiles(_dir).Where(AtomicFile.IsTemporary), Is.Empty, "no temporary file is left");
        });
    }
}
