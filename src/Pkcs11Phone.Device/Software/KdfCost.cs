namespace Pkcs11Phone.Device;

/// <summary>
/// The Argon2id cost of turning a PIN into the key that wraps a token's master key. Each wrapped key records the
/// cost it was made with, so a new default only applies to PINs set from then on.
/// </summary>
public sealed record KdfCost(int MemoryKiB, int Iterations, int Parallelism = 1)
{
    /// <summary>19 MiB, 2 passes, 1 lane: the OWASP minimum for Argon2id, bearable on a phone.</summary>
    public static KdfCost Default { get; } = new(19 * 1024, 2, 1);

    /// <summary>Bounds that a stored wrapped key must respect (a corrupt file must not make us allocate gigabytes).</summary>
    public static bool IsAcceptable(int memoryKiB, int iterations, int parallelism) =>
        parallelism is >= 1 and <= 16 && memoryKiB >= 8 * parallelism && memoryKiB <= 1024 * 1024 && iterations is >= 1 and <= 64;

    public bool IsAcceptable() => IsAcceptable(MemoryKiB, Iterations, Parallelism);
}
