using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pkcs11Phone.Tests.Clients.Nss;

/// <summary>
/// A throwaway CA and a TLS server certificate for 127.0.0.1 issued by it (ECDSA P-256, valid for a day), as PEM
/// files for <c>openssl s_server</c>; the clients trust the CA, so they check the server as they normally would.
/// </summary>
public sealed class ServerPki
{
    public string CaCertFile { get; }
    public string ServerCertFile { get; }
    public string ServerKeyFile { get; }
    public X509Certificate2 CaCert { get; }

    public ServerPki(string dir)
    {
        Directory.CreateDirectory(dir);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Pkcs11Phone Test Server CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        CaCert = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(CaCert, true, false));
        using var server = request.Create(CaCert, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(12));

        CaCertFile = Path.Combine(dir, "server-ca.pem");
        ServerCertFile = Path.Combine(dir, "server.pem");
        ServerKeyFile = Path.Combine(dir, "server.key");
        File.WriteAllText(CaCertFile, CaCert.ExportCertificatePem() + "\n");
        File.WriteAllText(ServerCertFile, server.ExportCertificatePem() + "\n");
        File.WriteAllText(ServerKeyFile, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        File.SetUnixFileMode(ServerKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
