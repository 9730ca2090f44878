// The software-token tests reach the token's test hooks (SoftwareToken.BeforePinCheck, MasterKeyForTests).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Pkcs11Phone.Device.Tests")]
