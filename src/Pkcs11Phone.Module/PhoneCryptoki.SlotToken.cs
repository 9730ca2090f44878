using System.Globalization;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>Slot and token management (PKCS#11 v2.40 section 5.5): answered from the agent, which answers from what the phone told it.</summary>
public sealed unsafe partial class PhoneCryptoki
{
    /// <summary>Slots the agent offers right now; no agent means no slots.</summary>
    private List<(nuint Id, P11SlotInfo Info)> Slots()
    {
        var r = State.Agent.Send(AtCommands.Slots);
        CheckRv(r);
        var slots = new List<(nuint, P11SlotInfo)>();
        foreach (var line in r.Info(AtCommands.Slots))
        {
            if (!P11SlotInfo.TryParse(line.Values, 2, out var info)) throw new CkException(CKR.DEVICE_ERROR, "malformed slot line");
            slots.Add(((nuint)line.Values[1].Number, info));
        }
        return slots;
    }

    private static void CheckRv(AtResponse r)
    {
        if (!r.IsOk || r.Rv is not { } rv) throw new CkException(CKR.DEVICE_ERROR, "agent answered " + r.Final);
        if (rv != CKR.OK) throw new CkException((nuint)rv);
    }

    public nuint GetSlotList(byte tokenPresent, nuint* pSlotList, nuint* pulCount) => Run(() =>
    {
        _ = State;
        if (pulCount is null) throw new CkException(CKR.ARGUMENTS_BAD);
        var ids = Slots().Where(s => tokenPresent == 0 || s.Info.TokenPresent).Select(s => s.Id).ToList();
        FillList(ids, pSlotList, pulCount);
    });

    /// <summary>The PKCS#11 convention for returning a list: NULL buffer asks for the length; a short buffer gives CKR_BUFFER_TOO_SMALL.</summary>
    private static void FillList(List<nuint> items, nuint* buffer, nuint* count)
    {
        if (buffer is null)
        {
            *count = (nuint)items.Count;
            return;
        }
        if (*count < (nuint)items.Count)
        {
            *count = (nuint)items.Count;
            throw new CkException(CKR.BUFFER_TOO_SMALL);
        }
        for (int i = 0; i < items.Count; i++) buffer[i] = items[i];
        *count = (nuint)items.Count;
    }

    public nuint GetSlotInfo(nuint slotID, CK_SLOT_INFO* pInfo) => Run(() =>
    {
        _ = State;
        if (pInfo is null) throw new CkException(CKR.ARGUMENTS_BAD);
        var slot = Slots().Where(s => s.Id == slotID).Select(s => s.Info).FirstOrDefault()
            ?? throw new CkException(CKR.SLOT_ID_INVALID);
        CkString.Write(pInfo->slotDescription, 64, slot.Description);
        CkString.Write(pInfo->manufacturerID, 32, slot.Manufacturer);
        pInfo->flags = CKF.REMOVABLE_DEVICE | CKF.HW_SLOT | (slot.TokenPresent ? CKF.TOKEN_PRESENT : 0);
        pInfo->hardwareVersion = new CK_VERSION(LibraryMajor, LibraryMinor);
        pInfo->firmwareVersion = new CK_VERSION(LibraryMajor, LibraryMinor);
    });

    public nuint GetTokenInfo(nuint slotID, CK_TOKEN_INFO* pInfo) => Run(() =>
    {
        var state = State;
        if (pInfo is null) throw new CkException(CKR.ARGUMENTS_BAD);
        var r = state.Agent.Send(AtCommands.Token, (ulong)slotID);
        CheckRv(r);
        var line = r.Info(AtCommands.Token).FirstOrDefault() ?? throw new CkException(CKR.DEVICE_ERROR, "no token line");
        if (!P11TokenInfo.TryParse(line.Values, 2, out var t)) throw new CkException(CKR.DEVICE_ERROR, "malformed token line");
        CkString.Write(pInfo->label, 32, t.Label);
        CkString.Write(pInfo->manufacturerID, 32, t.Manufacturer);
        CkString.Write(pInfo->model, 16, t.Model);
        CkString.Write(pInfo->serialNumber, 16, t.Serial);
        pInfo->flags = (nuint)t.Flags;
        pInfo->ulMaxSessionCount = CK.EFFECTIVELY_INFINITE;
        pInfo->ulMaxRwSessionCount = CK.EFFECTIVELY_INFINITE;
        lock (state.Gate)
        {
            // This application's sessions: the only ones PKCS#11 lets it count.
            pInfo->ulSessionCount = (nuint)state.Sessions.Values.Count(s => s.SlotId == slotID);
            pInfo->ulRwSessionCount = (nuint)state.Sessions.Values.Count(s => s.SlotId == slotID && s.ReadWrite);
        }
        pInfo->ulMaxPinLen = (nuint)t.MaxPinLength;
        pInfo->ulMinPinLen = (nuint)t.MinPinLength;
        pInfo->ulTotalPublicMemory = Memory(t.TotalPublicMemory);
        pInfo->ulFreePublicMemory = Memory(t.FreePublicMemory);
        pInfo->ulTotalPrivateMemory = Memory(t.TotalPrivateMemory);
        pInfo->ulFreePrivateMemory = Memory(t.FreePrivateMemory);
        pInfo->hardwareVersion = ParseVersion(t.HardwareVersion);
        pInfo->firmwareVersion = ParseVersion(t.FirmwareVersion);
        CkString.Write(pInfo->utcTime, 16, "");
    });

    private static nuint Memory(ulong? value) => value is { } v ? (nuint)v : CK.UNAVAILABLE_INFORMATION;

    private static CK_VERSION ParseVersion(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 2
            && byte.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && byte.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? new CK_VERSION(major, minor)
            : default;
    }

    /// <summary>The module's mechanisms for a token: the phone's, with what the computer adds.</summary>
    private static List<P11MechanismInfo> Mechanisms(ModuleState state, nuint slotID) => MechanismRules.For(PhoneMechanisms(state, slotID));

    public nuint GetMechanismList(nuint slotID, nuint* pMechanismList, nuint* pulCount) => Run(() =>
    {
        _ = State;
        if (pulCount is null) throw new CkException(CKR.ARGUMENTS_BAD);
        FillList(Mechanisms(State, slotID).Select(m => (nuint)m.Mechanism).ToList(), pMechanismList, pulCount);
    });

    public nuint GetMechanismInfo(nuint slotID, nuint type, CK_MECHANISM_INFO* pInfo) => Run(() =>
    {
        _ = State;
        if (pInfo is null) throw new CkException(CKR.ARGUMENTS_BAD);
        var m = Mechanisms(State, slotID).FirstOrDefault(m => m.Mechanism == type) ?? throw new CkException(CKR.MECHANISM_INVALID);
        pInfo->ulMinKeySize = (nuint)m.MinKeySize;
        pInfo->ulMaxKeySize = (nuint)m.MaxKeySize;
        pInfo->flags = (nuint)m.Flags;
    });
}
