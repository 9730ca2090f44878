using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Pkcs11Phone.Device.Pkcs11Backend;

/// <summary>
/// The phone's "SIM / smart card" backend: drives any PKCS#11 library (a secure element's, a smart card's, or
/// SoftHSMv2 standing in for one) through Pkcs11Interop's high-level API. Every slot with a token present becomes
/// one <see cref="IPhoneToken"/>, optionally only the tokens with a given label.
/// </summary>
/// <remarks>
/// The library is loaded and initialized once per process and shared by the modules that name the same file;
/// the last module disposed finalizes it. This module is one PKCS#11 application serving several computer-side
/// clients: see <see cref="Pkcs11PhoneToken"/> for how login state is kept per client.
/// </remarks>
public sealed class Pkcs11CryptoModule : ICryptoModule
{
    /// <summary>Where Debian's softhsm2 package installs the SoftHSMv2 library.</summary>
    public const string SoftHsmLibraryPath = "/usr/lib/softhsm/libsofthsm2.so";

    private readonly Pkcs11LibraryHost _host;
    private readonly List<Pkcs11PhoneToken> _tokens = [];
    private int _disposed;

    /// <param name="libraryPath">The PKCS#11 library (.so) to load.</param>
    /// <param name="tokenLabel">When set, only tokens with exactly this label (as the token reports it, blanks trimmed) are offered.</param>
    /// <param name="stayLoggedIn">
    /// Whether the module stays logged in on a token as the user after the last client logs out (see
    /// <see cref="Pkcs11PhoneToken"/>): private objects stay listed, with their handles, as <see cref="IPhoneToken.Objects"/>
    /// asks. With false the module logs out of the token, which then hides private objects until the next login.
    /// </param>
    public Pkcs11CryptoModule(string libraryPath, string? tokenLabel = null, bool stayLoggedIn = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(libraryPath);
        if (!Pkcs11Mapping.NativeIsCanonical)
            throw new PlatformNotSupportedException("The PKCS#11 backend needs a 64-bit little-endian platform.");
        _host = Pkcs11LibraryHost.Acquire(libraryPath);
        try
        {
            foreach (var slot in _host.Library.GetSlotList(SlotsType.WithTokenPresent))
            {
                if (tokenLabel is not null && Pkcs11Mapping.Text(slot.GetTokenInfo().Label) != tokenLabel) continue;
                _tokens.Add(new Pkcs11PhoneToken(_host, slot, stayLoggedIn));
            }
        }
        catch
        {
            foreach (var token in _tokens) token.Dispose();
            _host.Release();
            throw;
        }
    }

    /// <summary>The library this module drives (full path).</summary>
    public string LibraryPath => _host.Path;

    public IReadOnlyList<IPhoneToken> Tokens => _tokens;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var token in _tokens) token.Dispose();
        _host.Release();
    }
}
