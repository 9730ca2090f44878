using System.Text;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device;

/// <summary>The security manager's token commands: catalogue, login and PINs, objects, and private-key operations.</summary>
public sealed partial class SecurityManager
{
    /// <summary>Answers a command addressed to one token, or returns null for the informational commands.</summary>
    private List<AtResponseLine>? TokenCommand(ulong tag, AtCommandLine c)
    {
        var a = c.Args;
        switch (c.Name)
        {
            case AtCommands.End:
                lock (_clients) _clients.Remove(a[1].Text);
                _lastUse.TryRemove(a[1].Text, out _);
                lock (_tokenGate)
                    foreach (var t in crypto.Tokens) t.EndClient(a[1].Text);
                return AtReplies.Tagged(tag, CKR.OK);
            case AtCommands.Catalogue:
            case AtCommands.Login:
            case AtCommands.Logout:
            case AtCommands.InitToken:
            case AtCommands.InitPin:
            case AtCommands.SetPin:
            case AtCommands.GenerateKeyPair:
            case AtCommands.Create:
            case AtCommands.Destroy:
            case AtCommands.Copy:
            case AtCommands.SetAttributes:
            case AtCommands.Sign:
            case AtCommands.Decrypt:
            case AtCommands.Random:
                break;
            default:
                return null;
        }
        if (c.Name != AtCommands.Catalogue && c.Name != AtCommands.InitToken && c.Name != AtCommands.Random && a.Count > 2 && a[2].Kind == AtValueKind.String)
        {
            lock (_clients) _clients.Add(a[2].Text);
            Used(a[2].Text);
        }
        ulong index = a[1].Number;
        if (index >= (ulong)crypto.Tokens.Count) return AtReplies.Tagged(tag, CKR.SLOT_ID_INVALID);
        var token = crypto.Tokens[(int)index];
        // What waits for the phone's user (a PIN typed on the phone, an approval) waits outside the token
        // lock, so the other clients' commands go on meanwhile; the token calls themselves are one at a time.
        switch (c.Name)
        {
            case AtCommands.Login:
                return AtReplies.Tagged(tag, Login(tag, index, token, a));
            case AtCommands.InitPin when Omitted(a, 3) && OnPhone(token) is { } pad:
                return AtReplies.Tagged(tag, WithPinsFromPhone(tag, index, pad, token, a[2].Text, "user", false, (_, pin) => token.InitPin(a[2].Text, pin)));
            case AtCommands.SetPin when Omitted(a, 3) && Omitted(a, 4) && OnPhone(token) is { } pad:
                return AtReplies.Tagged(tag, WithPinsFromPhone(tag, index, pad, token, a[2].Text,
                    token.LoggedInAs(a[2].Text) == CKU.SO ? "security officer" : "user", true, (old, pin) => token.SetPin(a[2].Text, old, pin)));
            case AtCommands.Sign:
            case AtCommands.Decrypt:
                return PrivateKeyOperation(tag, c.Name, index, token, a);
        }
        lock (_tokenGate)
        {
            return c.Name switch
            {
                AtCommands.Catalogue => Catalogue(tag, index, token, a[2].Number),
                AtCommands.Logout => AtReplies.Tagged(tag, token.Logout(a[2].Text)),
                AtCommands.InitToken => AtReplies.Tagged(tag, token.InitToken(Pin(a, 2), a[3].Text)),
                AtCommands.InitPin => AtReplies.Tagged(tag, token.InitPin(a[2].Text, Pin(a, 3))),
                AtCommands.SetPin => AtReplies.Tagged(tag, token.SetPin(a[2].Text, Pin(a, 3), Pin(a, 4))),
                AtCommands.GenerateKeyPair => GenerateKeyPair(tag, token, a),
                AtCommands.Create => Create(tag, token, a),
                AtCommands.Destroy => WithGeneration(tag, c.Name, token, token.DestroyObject(a[2].Text, a[3].Number)),
                AtCommands.SetAttributes => SetAttributes(tag, token, a),
                AtCommands.Copy => Copy(tag, token, a),
                _ => Random(tag, token, a[2].Number),
            };
        }
    }

    /// <summary>Token calls are made one at a time (the backends are safe for concurrent calls; this keeps their order simple).</summary>
    private readonly Lock _tokenGate = new();

    /// <summary>Clients seen in this session of the computer, so they can be ended with it.</summary>
    private readonly HashSet<string> _clients = [];

    private void EndAllClients()
    {
        string[] clients;
        lock (_clients)
        {
            clients = [.. _clients];
            _clients.Clear();
        }
        _lastUse.Clear();
        lock (_tokenGate)
            foreach (var client in clients)
                foreach (var t in crypto.Tokens) t.EndClient(client);
    }

    private static bool Omitted(IReadOnlyList<AtValue> a, int index) => a.Count <= index || a[index].Kind == AtValueKind.Omitted;

    /// <summary>The PIN pad, when this token takes its PINs on the phone (CKF_PROTECTED_AUTHENTICATION_PATH).</summary>
    private Approval.IPinPad? OnPhone(IPhoneToken token) =>
        (token.Info.Flags & (ulong)CKF.PROTECTED_AUTHENTICATION_PATH) != 0 ? PinPad : null;

    /// <summary>
    /// C_Login. Without a PIN, on a token with a protected authentication path, the phone's user types it
    /// on the phone (<see cref="PinPad"/>); it never crosses the link.
    /// </summary>
    private ulong Login(ulong tag, ulong index, IPhoneToken token, IReadOnlyList<AtValue> a)
    {
        if (!Omitted(a, 4) || OnPhone(token) is not { } pad)
            lock (_tokenGate) return token.Login(a[2].Text, a[3].Number, Pin(a, 4));
        string who = a[3].Number switch { 0 => "security officer", 2 => "user (this operation)", _ => "user" };
        Raise(P11Events.ApprovalPending, index, tag);
        var pin = Ask(pad, token, a[2].Text, who, "log in");
        if (pin is null) return CKR.FUNCTION_CANCELED;
        try
        {
            lock (_tokenGate) return token.Login(a[2].Text, a[3].Number, pin);
        }
        finally
        {
            Array.Clear(pin);
        }
    }

    /// <summary>
    /// C_InitPIN or C_SetPIN with the PINs typed on the phone: the current PIN first (for C_SetPIN), then
    /// the new one twice (<paramref name="who"/>: whose PIN it is); CKR_FUNCTION_CANCELED when the user cancels or does not answer, CKR_PIN_INVALID
    /// when the two new ones differ.
    /// </summary>
    private ulong WithPinsFromPhone(ulong tag, ulong index, Approval.IPinPad pad, IPhoneToken token, string client, string who, bool askCurrent, Func<byte[], byte[], ulong> apply)
    {
        byte[]? current = null, first = null, second = null;
        Raise(P11Events.ApprovalPending, index, tag);
        try
        {
            if (askCurrent && (current = Ask(pad, token, client, who, "current PIN")) is null) return CKR.FUNCTION_CANCELED;
            if ((first = Ask(pad, token, client, who, "new PIN")) is null) return CKR.FUNCTION_CANCELED;
            if ((second = Ask(pad, token, client, who, "new PIN again")) is null) return CKR.FUNCTION_CANCELED;
            if (!first.AsSpan().SequenceEqual(second)) return CKR.PIN_INVALID;
            lock (_tokenGate) return apply(current ?? [], first);
        }
        finally
        {
            if (current is not null) Array.Clear(current);
            if (first is not null) Array.Clear(first);
            if (second is not null) Array.Clear(second);
        }
    }

    private byte[]? Ask(Approval.IPinPad pad, IPhoneToken token, string client, string who, string purpose)
    {
        var entry = pad.ReadPin(new Approval.PinRequest(ComputerName, ApplicationOf(client), token.Info.Label.TrimEnd(), who, purpose) { Withdrawn = t_withdrawn });
        return entry.Outcome == Approval.PinOutcome.Entered ? entry.Pin : null;
    }

    private static byte[] Pin(IReadOnlyList<AtValue> args, int index) =>
        args.Count > index && args[index].Kind == AtValueKind.String ? Encoding.UTF8.GetBytes(args[index].Text) : [];

    private static List<AtResponseLine> Catalogue(ulong tag, ulong index, IPhoneToken token, ulong known)
    {
        ulong generation = token.Generation;
        var objects = generation == known ? [] : token.Objects;
        var lines = new List<AtResponseLine>
        {
            AtResponseLine.Info(AtCommands.Catalogue, tag, index, generation, generation == known ? 0 : 1, (ulong)objects.Count),
        };
        foreach (var o in objects)
        {
            var (len, text, chunks) = AtBlobs.ForResponse(tag, P11Binary.EncodeAttributes(o.Attributes));
            lines.AddRange(chunks);
            lines.Add(AtResponseLine.Info(AtCommands.Object, tag, o.Handle, len, text));
        }
        return AtReplies.Tagged(tag, CKR.OK, lines);
    }

    private static List<AtResponseLine> WithGeneration(ulong tag, string name, IPhoneToken token, ulong rv, params AtValue[] values) =>
        rv == CKR.OK
            ? AtReplies.Tagged(tag, rv, [AtResponseLine.Info(name, [tag, .. values, token.Generation])])
            : AtReplies.Tagged(tag, rv);

    private List<AtResponseLine> GenerateKeyPair(ulong tag, IPhoneToken token, IReadOnlyList<AtValue> a)
    {
        if (!P11Binary.TryFromBase64(a[4].Text, (int)Math.Min(a[3].Number, int.MaxValue), out var m) || !P11Binary.TryDecodeMechanism(m, out var mechanism)
            || !_stages.TryResolve(tag, a, 5, out var t) || !P11Binary.TryDecodeAttributePair(t, out var pub, out var priv))
            return AtReplies.Tagged(tag, CKR.ARGUMENTS_BAD);
        var r = token.GenerateKeyPair(a[2].Text, mechanism, pub, priv);
        return WithGeneration(tag, AtCommands.GenerateKeyPair, token, r.Rv, r.Value.PublicKey, r.Value.PrivateKey);
    }

    private List<AtResponseLine> Create(ulong tag, IPhoneToken token, IReadOnlyList<AtValue> a)
    {
        if (!_stages.TryResolve(tag, a, 3, out var t) || !P11Binary.TryDecodeAttributes(t, out var template)) return AtReplies.Tagged(tag, CKR.ARGUMENTS_BAD);
        var r = token.CreateObject(a[2].Text, template);
        return WithGeneration(tag, AtCommands.Create, token, r.Rv, r.Value);
    }

    private List<AtResponseLine> Copy(ulong tag, IPhoneToken token, IReadOnlyList<AtValue> a)
    {
        if (!_stages.TryResolve(tag, a, 4, out var t) || !P11Binary.TryDecodeAttributes(t, out var template)) return AtReplies.Tagged(tag, CKR.ARGUMENTS_BAD);
        var r = token.CopyObject(a[2].Text, a[3].Number, template);
        return WithGeneration(tag, AtCommands.Copy, token, r.Rv, r.Value);
    }

    private List<AtResponseLine> SetAttributes(ulong tag, IPhoneToken token, IReadOnlyList<AtValue> a)
    {
        if (!_stages.TryResolve(tag, a, 4, out var t) || !P11Binary.TryDecodeAttributes(t, out var template)) return AtReplies.Tagged(tag, CKR.ARGUMENTS_BAD);
        return WithGeneration(tag, AtCommands.SetAttributes, token, token.SetAttributes(a[2].Text, a[3].Number, template));
    }

    private List<AtResponseLine> PrivateKeyOperation(ulong tag, string name, ulong index, IPhoneToken token, IReadOnlyList<AtValue> a)
    {
        if (!P11Binary.TryFromBase64(a[5].Text, (int)Math.Min(a[4].Number, int.MaxValue), out var m) || !P11Binary.TryDecodeMechanism(m, out var mechanism)
            || !_stages.TryResolve(tag, a, 6, out var data))
            return AtReplies.Tagged(tag, CKR.ARGUMENTS_BAD);
        ulong approval = AskApproval(tag, index, token, a[2].Text, a[3].Number, mechanism, name);
        if (approval != CKR.OK) return AtReplies.Tagged(tag, approval);
        P11Result<byte[]> r;
        lock (_tokenGate)
        {
            r = name == AtCommands.Sign
                ? token.Sign(a[2].Text, a[3].Number, mechanism, data)
                : token.Decrypt(a[2].Text, a[3].Number, mechanism, data);
        }
        return BlobResult(tag, name, r);
    }

    /// <summary>
    /// Asks the phone's user (or policy) whether this use of the key may go ahead; the computer is told an
    /// approval is pending. CKR_OK, CKR_FUNCTION_REJECTED (declined, no answer), or CKR_FUNCTION_CANCELED
    /// (the computer withdrew the request).
    /// </summary>
    private ulong AskApproval(ulong tag, ulong index, IPhoneToken token, string client, ulong key, P11Mechanism mechanism, string command)
    {
        if (Approver is not { } approver) return CKR.OK;
        byte[]? label;
        lock (_tokenGate) label = token.Objects.FirstOrDefault(o => o.Handle == key)?.Find(CKA.LABEL)?.Value;
        var request = new Approval.ApprovalRequest(
            ComputerName,
            ApplicationOf(client),
            client,
            label is null ? $"key {key}" : Encoding.UTF8.GetString(label),
            CkNames.Mechanism((nuint)mechanism.Type),
            command == AtCommands.Sign ? "sign" : "decrypt") { Withdrawn = t_withdrawn };
        if (approver is Approval.IApprovalNotice notice && notice.WillAsk(request)) Raise(P11Events.ApprovalPending, index, tag);
        return approver.Approve(request) switch
        {
            Approval.ApprovalAnswer.Allowed => CKR.OK,
            Approval.ApprovalAnswer.Withdrawn => CKR.FUNCTION_CANCELED,
            _ => CKR.FUNCTION_REJECTED,
        };
    }

    /// <summary>The application part of an agent client ID ("ssh[4242].7" gives "ssh (pid 4242)").</summary>
    private static string ApplicationOf(string client)
    {
        int open = client.IndexOf('['), close = client.IndexOf(']');
        return open > 0 && close > open ? $"{client[..open]} (pid {client[(open + 1)..close]})" : client;
    }

    private static List<AtResponseLine> Random(ulong tag, IPhoneToken token, ulong length) =>
        BlobResult(tag, AtCommands.Random, length > P11Binary.MaxBlob ? CKR.ARGUMENTS_BAD : token.GenerateRandom((int)length));

    private static List<AtResponseLine> BlobResult(ulong tag, string name, P11Result<byte[]> r)
    {
        if (!r.Ok || r.Value is null) return AtReplies.Tagged(tag, r.Ok ? CKR.GENERAL_ERROR : r.Rv);
        var (len, text, chunks) = AtBlobs.ForResponse(tag, r.Value);
        return AtReplies.Tagged(tag, CKR.OK, [.. chunks, AtResponseLine.Info(name, tag, len, text)]);
    }
}
