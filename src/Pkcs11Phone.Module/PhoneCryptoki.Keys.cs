using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>Key generation on the phone and random numbers from it (PKCS#11 v2.40 sections 5.14 and 5.15).</summary>
public sealed unsafe partial class PhoneCryptoki
{
    public nuint GenerateKeyPair(nuint hSession, CK_MECHANISM* pMechanism,
        CK_ATTRIBUTE* pPublicKeyTemplate, nuint ulPublicKeyAttributeCount,
        CK_ATTRIBUTE* pPrivateKeyTemplate, nuint ulPrivateKeyAttributeCount,
        nuint* phPublicKey, nuint* phPrivateKey) => Run(() =>
    {
        var state = State;
        if (pMechanism is null || phPublicKey is null || phPrivateKey is null) throw new CkException(CKR.ARGUMENTS_BAD);
        var publicTemplate = Templates.Read(pPublicKeyTemplate, ulPublicKeyAttributeCount);
        var privateTemplate = Templates.Read(pPrivateKeyTemplate, ulPrivateKeyAttributeCount);
        Session session;
        lock (state.Gate) session = state.Session(hSession);
        var offered = Mechanisms(state, session.SlotId).FirstOrDefault(m => m.Mechanism == (ulong)pMechanism->mechanism);
        if (offered is null || (offered.Flags & (ulong)CKF.GENERATE_KEY_PAIR) == 0) throw new CkException(CKR.MECHANISM_INVALID);
        if (pMechanism->pParameter is not null || pMechanism->ulParameterLen != 0) throw new CkException(CKR.MECHANISM_PARAM_INVALID);
        bool token = Templates.Bool(publicTemplate, CKA.TOKEN) == true || Templates.Bool(privateTemplate, CKA.TOKEN) == true;
        lock (state.Gate)
        {
            if (token && !session.ReadWrite) throw new CkException(CKR.SESSION_READ_ONLY);
            if (state.Slot(session.SlotId).LoggedInAs != CKU.USER) throw new CkException(CKR.USER_NOT_LOGGED_IN);
        }
        var mechanism = P11Binary.EncodeMechanism(P11Mechanism.Plain(pMechanism->mechanism));
        var r = state.Agent.Send(AtCommands.GenerateKeyPair,
            [(ulong)session.SlotId, "", (ulong)mechanism.Length, P11Binary.ToBase64(mechanism), 0, ""],
            P11Binary.EncodeAttributePair(publicTemplate, privateTemplate), 4);
        CheckRv(r);
        var line = r.Info(AtCommands.GenerateKeyPair).FirstOrDefault();
        if (line is null || line.Values.Count != 4) throw new CkException(CKR.DEVICE_ERROR, "malformed key-pair answer");
        nuint pub = (nuint)line.Values[1].Number, priv = (nuint)line.Values[2].Number;
        lock (state.Gate)
        {
            var slot = state.Slot(session.SlotId);
            if (Templates.Bool(publicTemplate, CKA.TOKEN) != true) slot.PhoneSessionObjects[pub] = hSession;
            if (Templates.Bool(privateTemplate, CKA.TOKEN) != true) slot.PhoneSessionObjects[priv] = hSession;
        }
        SyncCatalogue(state, session.SlotId);
        *phPublicKey = pub;
        *phPrivateKey = priv;
    });

    /// <summary>Most random bytes asked of the phone in one command.</summary>
    private const int RandomChunk = 64 * 1024;

    public nuint GenerateRandom(nuint hSession, byte* pRandomData, nuint ulRandomLen) => Run(() =>
    {
        var state = State;
        if (pRandomData is null && ulRandomLen > 0) throw new CkException(CKR.ARGUMENTS_BAD);
        nuint slotId;
        lock (state.Gate) slotId = state.Session(hSession).SlotId;
        for (nuint done = 0; done < ulRandomLen;)
        {
            int n = (int)Math.Min(RandomChunk, (ulong)(ulRandomLen - done));
            var r = Phone(state, AtCommands.Random, (ulong)slotId, (ulong)n);
            var line = r.Info(AtCommands.Random).FirstOrDefault();
            if (line is null || !AtBlobs.TryRead(r, line, 1, out var bytes) || bytes.Length != n) throw new CkException(CKR.DEVICE_ERROR, "malformed random answer");
            bytes.CopyTo(new Span<byte>(pRandomData + done, n));
            done += (nuint)n;
        }
    });

    public nuint SeedRandom(nuint hSession, byte* pSeed, nuint ulSeedLen) => Run(() =>
    {
        var state = State;
        if (pSeed is null && ulSeedLen > 0) throw new CkException(CKR.ARGUMENTS_BAD);
        lock (state.Gate) _ = state.Session(hSession);
        // The phone's generator takes no seed from outside.
        throw new CkException(CKR.RANDOM_SEED_NOT_SUPPORTED);
    });
}
