using NUnit.Framework;
using Pkcs11Phone.Tests.Integration;

namespace Pkcs11Phone.Tests.SecureLink;

/// <summary>Once per run of this folder's tests: the same native setup as the integration tests (Pkcs11Interop's libdl).</summary>
[SetUpFixture]
public sealed class SecureLinkSetup
{
    [OneTimeSetUp]
    public void ResolveLibdl() => new NativeSetup().ResolveLibdl();
}
