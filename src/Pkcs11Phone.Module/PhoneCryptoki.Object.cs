using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Module;

/// <summary>
/// Object management (PKCS#11 v2.40 section 5.7). Searches and attribute reads are answered on the computer
/// from the catalogue the agent synced from the phone; objects the phone keeps are created, changed and
/// destroyed there; public session objects are kept here.
/// </summary>
public sealed unsafe partial class PhoneCryptoki
{
    /// <summary>Brings the slot's catalogue up to date with the agent's (a local round trip; the link is not used).</summary>
    private static void SyncCatalogue(ModuleState state, nuint slotId)
    {
        EnsureSameLink(state, slotId);
        ulong known;
        lock (state.Gate) known = state.Slot(slotId).Generation;
        var r = Phone(state, AtCommands.Catalogue, (ulong)slotId, known);
        var head = r.Info(AtCommands.Catalogue).FirstOrDefault();
        if (head is null || head.Values.Count != 5) throw new CkException(CKR.DEVICE_ERROR, "malformed catalogue");
        if (head.Values[3].Number == 0) return;
        var objects = new Dictionary<nuint, P11Object>();
        foreach (var line in r.Info(AtCommands.Object))
        {
            if (line.Values.Count != 4 || !AtBlobs.TryRead(r, line, 2, out var blob) || !P11Binary.TryDecodeAttributes(blob, out var attributes))
                throw new CkException(CKR.DEVICE_ERROR, "malformed catalogue object");
            objects[(nuint)line.Values[1].Number] = new P11Object(line.Values[1].Number, attributes);
        }
        lock (state.Gate)
        {
            var slot = state.Slot(slotId);
            slot.Generation = head.Values[2].Number;
            slot.PhoneObjects = objects;
        }
    }

    /// <summary>Whether the application may see an object now: private objects only while the user is logged in.</summary>
    private static bool Visible(SlotState slot, IReadOnlyList<P11Attribute> attributes) =>
        !IsPrivate(attributes) || slot.LoggedInAs == CKU.USER;

    /// <summary>The attributes of an object the session may see, or CKR_OBJECT_HANDLE_INVALID.</summary>
    private static IReadOnlyList<P11Attribute> ObjectAttributes(ModuleState state, Session session, nuint handle)
    {
        var slot = state.Slot(session.SlotId);
        IReadOnlyList<P11Attribute>? attributes = null;
        if (slot.LocalObjects.TryGetValue(handle, out var local)) attributes = local.Attributes;
        else if (slot.PhoneObjects.TryGetValue(handle, out var remote)) attributes = remote.Attributes;
        if (attributes is null || !Visible(slot, attributes)) throw new CkException(CKR.OBJECT_HANDLE_INVALID);
        return attributes;
    }

    private static (Session Session, IReadOnlyList<P11Attribute> Attributes) SessionObject(ModuleState state, nuint hSession, nuint hObject)
    {
        nuint slotId;
        lock (state.Gate) slotId = state.Session(hSession).SlotId;
        SyncCatalogue(state, slotId);
        lock (state.Gate)
        {
            var session = state.Session(hSession);
            return (session, ObjectAttributes(state, session, hObject));
        }
    }

    public nuint GetAttributeValue(nuint hSession, nuint hObject, CK_ATTRIBUTE* pTemplate, nuint ulCount) => Run(() =>
    {
        var state = State;
        if (pTemplate is null && ulCount > 0) throw new CkException(CKR.ARGUMENTS_BAD);
        var (_, attributes) = SessionObject(state, hSession, hObject);
        nuint rv = CKR.OK;
        for (nuint i = 0; i < ulCount; i++)
        {
            var t = &pTemplate[i];
            var a = Templates.Find(attributes, t->type);
            if (a is null)
            {
                t->ulValueLen = CK.UNAVAILABLE_INFORMATION;
                rv = Templates.IsSensitive(attributes, t->type) ? CKR.ATTRIBUTE_SENSITIVE : CKR.ATTRIBUTE_TYPE_INVALID;
            }
            else if (Templates.IsSensitive(attributes, t->type))
            {
                t->ulValueLen = CK.UNAVAILABLE_INFORMATION;
                rv = CKR.ATTRIBUTE_SENSITIVE;
            }
            else if (t->pValue is null)
            {
                t->ulValueLen = (nuint)a.Value.Length;
            }
            else if (t->ulValueLen >= (nuint)a.Value.Length)
            {
                a.Value.CopyTo(new Span<byte>(t->pValue, a.Value.Length));
                t->ulValueLen = (nuint)a.Value.Length;
            }
            else
            {
                t->ulValueLen = CK.UNAVAILABLE_INFORMATION;
                rv = CKR.BUFFER_TOO_SMALL;
            }
        }
        if (rv != CKR.OK) throw new CkException(rv);
    });

    public nuint GetObjectSize(nuint hSession, nuint hObject, nuint* pulSize) => Run(() =>
    {
        var state = State;
        if (pulSize is null) throw new CkException(CKR.ARGUMENTS_BAD);
        var (_, attributes) = SessionObject(state, hSession, hObject);
        *pulSize = (nuint)attributes.Sum(a => a.Value.Length + 16);
    });

    public nuint FindObjectsInit(nuint hSession, CK_ATTRIBUTE* pTemplate, nuint ulCount) => Run(() =>
    {
        var state = State;
        var template = Templates.Read(pTemplate, ulCount);
        nuint slotId;
        lock (state.Gate)
        {
            var session = state.Session(hSession);
            if (session.Find is not null) throw new CkException(CKR.OPERATION_ACTIVE);
            slotId = session.SlotId;
        }
        SyncCatalogue(state, slotId);
        lock (state.Gate)
        {
            var session = state.Session(hSession);
            if (session.Find is not null) throw new CkException(CKR.OPERATION_ACTIVE);
            var slot = state.Slot(slotId);
            var results = slot.PhoneObjects.Values.Select(o => ((nuint)o.Handle, o.Attributes))
                .Concat(slot.LocalObjects.Values.Select(o => (o.Handle, (IReadOnlyList<P11Attribute>)o.Attributes)))
                .Where(o => Visible(slot, o.Item2) && Templates.Matches(o.Item2, template))
                .Select(o => o.Item1)
                .Order()
                .ToList();
            session.Find = new FindOperation(results);
        }
    });

    public nuint FindObjects(nuint hSession, nuint* phObject, nuint ulMaxObjectCount, nuint* pulObjectCount) => Run(() =>
    {
        var state = State;
        if (pulObjectCount is null || (phObject is null && ulMaxObjectCount > 0)) throw new CkException(CKR.ARGUMENTS_BAD);
        lock (state.Gate)
        {
            var find = state.Session(hSession).Find ?? throw new CkException(CKR.OPERATION_NOT_INITIALIZED);
            nuint n = 0;
            while (n < ulMaxObjectCount && find.Position < find.Results.Count) phObject[n++] = find.Results[find.Position++];
            *pulObjectCount = n;
        }
    });

    public nuint FindObjectsFinal(nuint hSession) => Run(() =>
    {
        var state = State;
        lock (state.Gate)
        {
            var session = state.Session(hSession);
            if (session.Find is null) throw new CkException(CKR.OPERATION_NOT_INITIALIZED);
            session.Find = null;
        }
    });

    public nuint CreateObject(nuint hSession, CK_ATTRIBUTE* pTemplate, nuint ulCount, nuint* phObject) => Run(() =>
    {
        var state = State;
        if (phObject is null) throw new CkException(CKR.ARGUMENTS_BAD);
        *phObject = Create(state, hSession, Templates.Read(pTemplate, ulCount));
    });

    /// <summary>
    /// Creates an object where it belongs: token objects, every private key (private keys never stay on the
    /// computer) and every certificate on the phone; other session objects here.
    /// </summary>
    private static nuint Create(ModuleState state, nuint hSession, List<P11Attribute> template)
    {
        var cls = Templates.ULong(template, CKA.CLASS) ?? throw new CkException(CKR.TEMPLATE_INCOMPLETE, "CKA_CLASS");
        bool token = Templates.Bool(template, CKA.TOKEN) ?? false;
        bool isPrivate = Templates.Bool(template, CKA.PRIVATE) ?? (cls == CKO.PRIVATE_KEY || cls == CKO.SECRET_KEY);
        nuint slotId;
        lock (state.Gate)
        {
            var session = state.Session(hSession);
            slotId = session.SlotId;
            if (token && !session.ReadWrite) throw new CkException(CKR.SESSION_READ_ONLY);
            if (isPrivate && state.Slot(slotId).LoggedInAs != CKU.USER) throw new CkException(CKR.USER_NOT_LOGGED_IN);
        }
        // Certificates go to the phone even as session objects: it derives and checks CKA_SUBJECT, CKA_ISSUER
        // and CKA_SERIAL_NUMBER from the certificate itself.
        if (token || cls == CKO.PRIVATE_KEY || cls == CKO.CERTIFICATE)
        {
            var r = state.Agent.Send(AtCommands.Create, [(ulong)slotId, "", 0, ""], P11Binary.EncodeAttributes(template), 2);
            CheckRv(r);
            var line = r.Info(AtCommands.Create).FirstOrDefault();
            if (line is null || line.Values.Count != 3) throw new CkException(CKR.DEVICE_ERROR, "malformed create answer");
            var handle = (nuint)line.Values[1].Number;
            if (!token) lock (state.Gate) state.Slot(slotId).PhoneSessionObjects[handle] = hSession;
            SyncCatalogue(state, slotId);
            return handle;
        }
        if (cls != CKO.DATA && cls != CKO.CERTIFICATE && cls != CKO.PUBLIC_KEY && cls != CKO.SECRET_KEY)
            throw new CkException(CKR.ATTRIBUTE_VALUE_INVALID, "CKA_CLASS");
        var attributes = new List<P11Attribute>(template);
        void Default(nuint type, bool value) { if (Templates.Find(attributes, type) is null) attributes.Add(P11Attribute.Of(type, value)); }
        Default(CKA.TOKEN, false);
        Default(CKA.PRIVATE, isPrivate);
        Default(CKA.MODIFIABLE, true);
        Default(CKA.COPYABLE, true);
        Default(CKA.DESTROYABLE, true);
        if (Templates.Find(attributes, CKA.LABEL) is null) attributes.Add(new P11Attribute(CKA.LABEL, []));
        lock (state.Gate)
        {
            var handle = state.NewLocalObjectHandle();
            state.Slot(slotId).LocalObjects[handle] = new LocalObject(handle, hSession, attributes);
            return handle;
        }
    }

    public nuint DestroyObject(nuint hSession, nuint hObject) => Run(() =>
    {
        var state = State;
        var (session, attributes) = SessionObject(state, hSession, hObject);
        if (Templates.Bool(attributes, CKA.DESTROYABLE) == false) throw new CkException(CKR.ACTION_PROHIBITED);
        if (ObjectIsLocal(state, session, hObject))
        {
            lock (state.Gate) state.Slot(session.SlotId).LocalObjects.Remove(hObject);
            return;
        }
        if (Templates.Bool(attributes, CKA.TOKEN) == true && !session.ReadWrite) throw new CkException(CKR.SESSION_READ_ONLY);
        Phone(state, AtCommands.Destroy, (ulong)session.SlotId, "", (ulong)hObject);
        SyncCatalogue(state, session.SlotId);
    });

    private static bool ObjectIsLocal(ModuleState state, Session session, nuint handle)
    {
        lock (state.Gate) return state.Slot(session.SlotId).LocalObjects.ContainsKey(handle);
    }

    public nuint SetAttributeValue(nuint hSession, nuint hObject, CK_ATTRIBUTE* pTemplate, nuint ulCount) => Run(() =>
    {
        var state = State;
        var template = Templates.Read(pTemplate, ulCount);
        var (session, attributes) = SessionObject(state, hSession, hObject);
        if (Templates.Bool(attributes, CKA.MODIFIABLE) == false) throw new CkException(CKR.ACTION_PROHIBITED);
        if (template.Any(t => t.Type == (ulong)CKA.CLASS || t.Type == (ulong)CKA.TOKEN || t.Type == (ulong)CKA.PRIVATE && Templates.Bool(attributes, CKA.PRIVATE) != t.AsBool))
            throw new CkException(CKR.ATTRIBUTE_READ_ONLY);
        if (ObjectIsLocal(state, session, hObject))
        {
            lock (state.Gate)
            {
                var local = state.Slot(session.SlotId).LocalObjects[hObject];
                foreach (var t in template)
                {
                    local.Attributes.RemoveAll(a => a.Type == t.Type);
                    local.Attributes.Add(t);
                }
            }
            return;
        }
        if (Templates.Bool(attributes, CKA.TOKEN) == true && !session.ReadWrite) throw new CkException(CKR.SESSION_READ_ONLY);
        var r = state.Agent.Send(AtCommands.SetAttributes, [(ulong)session.SlotId, "", (ulong)hObject, 0, ""], P11Binary.EncodeAttributes(template), 3);
        CheckRv(r);
        SyncCatalogue(state, session.SlotId);
    });

    public nuint CopyObject(nuint hSession, nuint hObject, CK_ATTRIBUTE* pTemplate, nuint ulCount, nuint* phNewObject) => Run(() =>
    {
        var state = State;
        if (phNewObject is null) throw new CkException(CKR.ARGUMENTS_BAD);
        var changes = Templates.Read(pTemplate, ulCount);
        var (session, attributes) = SessionObject(state, hSession, hObject);
        if (Templates.Bool(attributes, CKA.COPYABLE) == false) throw new CkException(CKR.ACTION_PROHIBITED);
        if (!ObjectIsLocal(state, session, hObject))
        {
            // An object the phone keeps is copied there: private keys never come to the computer.
            bool token = Templates.Bool(changes, CKA.TOKEN) ?? Templates.Bool(attributes, CKA.TOKEN) ?? false;
            if (token && !session.ReadWrite) throw new CkException(CKR.SESSION_READ_ONLY);
            var r = state.Agent.Send(AtCommands.Copy, [(ulong)session.SlotId, "", (ulong)hObject, 0, ""], P11Binary.EncodeAttributes(changes), 3);
            CheckRv(r);
            var line = r.Info(AtCommands.Copy).FirstOrDefault();
            if (line is null || line.Values.Count != 3) throw new CkException(CKR.DEVICE_ERROR, "malformed copy answer");
            var handle = (nuint)line.Values[1].Number;
            if (!token) lock (state.Gate) state.Slot(session.SlotId).PhoneSessionObjects[handle] = hSession;
            SyncCatalogue(state, session.SlotId);
            *phNewObject = handle;
            return;
        }
        var copy = attributes.Where(a => changes.All(c => c.Type != a.Type) && a.Type != (ulong)CKA.LOCAL).Concat(changes).ToList();
        *phNewObject = Create(state, hSession, copy);
    });
}
