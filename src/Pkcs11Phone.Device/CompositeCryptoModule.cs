namespace Pkcs11Phone.Device;

/// <summary>
/// Several crypto modules of one phone shown as one: their tokens in order (for example the software
/// keystore first, then the SIM or secure element), each a slot on the computer.
/// </summary>
public sealed class CompositeCryptoModule(IReadOnlyList<ICryptoModule> modules) : ICryptoModule
{
    public IReadOnlyList<IPhoneToken> Tokens { get; } = modules.SelectMany(m => m.Tokens).ToList();

    public void Dispose()
    {
        foreach (var m in modules) m.Dispose();
    }
}
