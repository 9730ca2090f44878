using System.Globalization;

namespace Pkcs11Phone.Device.Approval;

/// <summary>How the phone treats each use of a private key: ask its user, allow, or refuse.</summary>
public enum ApprovalPolicy { Prompt, Auto, Deny }

/// <summary>What the phone's user is asked to approve.</summary>
public sealed record ApprovalRequest(string Computer, string Application, string Client, string KeyLabel, string Mechanism, string Operation)
{
    /// <summary>Cancelled when the computer withdraws the request (the application that asked went away).</summary>
    public CancellationToken Withdrawn { get; init; }
}

public enum ApprovalAnswer { Allowed, Declined, TimedOut, Withdrawn }

/// <summary>Decides on each private-key use. A declined or timed-out request becomes CKR_FUNCTION_REJECTED.</summary>
public interface IApprover
{
    ApprovalAnswer Approve(ApprovalRequest request);
}

/// <summary>
/// The phone's approval: by policy, or by asking on the phone's terminal (<see cref="PhoneTerminal"/>, shared
/// with PIN entry: one question at a time) with the computer, application, key and mechanism shown. An
/// answer "y" allows once, a number N allows this application and key for N minutes, anything else
/// declines; no answer within the timeout (waiting for the terminal included) declines.
/// </summary>
public sealed class PolicyApprover : IApprover, IApprovalNotice, IDisposable
{
    private readonly ApprovalPolicy _policy;
    private readonly PhoneTerminal _terminal;
    private readonly bool _ownsTerminal;
    private readonly TimeSpan _timeout;
    private readonly Dictionary<(string Client, string Key), DateTime> _grants = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    /// <summary>Asks on a terminal of its own over <paramref name="input"/> and <paramref name="output"/>.</summary>
    public PolicyApprover(ApprovalPolicy policy, TextReader input, TextWriter output, TimeSpan timeout, TimeProvider? time = null)
        : this(policy, new PhoneTerminal(input, output), timeout, time)
    {
        _ownsTerminal = true;
    }

    /// <summary>Asks on the phone's shared terminal (not disposed with this approver).</summary>
    public PolicyApprover(ApprovalPolicy policy, PhoneTerminal terminal, TimeSpan timeout, TimeProvider? time = null)
    {
        _policy = policy;
        _terminal = terminal;
        _timeout = timeout;
        _time = time ?? TimeProvider.System;
        // Only a prompting phone reads its terminal (a phone run in the background must not).
        if (policy == ApprovalPolicy.Prompt) terminal.Listen();
    }

    /// <summary>Longest "allow for N minutes" accepted.</summary>
    public const int MaxGrantMinutes = 24 * 60;

    public bool WillAsk(ApprovalRequest request) => _policy == ApprovalPolicy.Prompt && !Granted((request.Client, request.KeyLabel));

    private bool Granted((string Client, string Key) grantKey)
    {
        lock (_gate) return _grants.TryGetValue(grantKey, out var until) && _time.GetUtcNow().UtcDateTime < until;
    }

    public ApprovalAnswer Approve(ApprovalRequest request)
    {
        switch (_policy)
        {
            case ApprovalPolicy.Auto: return ApprovalAnswer.Allowed;
            case ApprovalPolicy.Deny: return ApprovalAnswer.Declined;
        }
        var grantKey = (request.Client, request.KeyLabel);
        if (Granted(grantKey)) return ApprovalAnswer.Allowed;
        // Another question may hold the terminal: waiting for it counts against this request's timeout.
        using var turn = _terminal.TakeTurn(_timeout, request.Withdrawn);
        if (turn is null) return request.Withdrawn.IsCancellationRequested ? ApprovalAnswer.Withdrawn : ApprovalAnswer.TimedOut;
        // The question before may have granted this very use meanwhile.
        if (Granted(grantKey)) return ApprovalAnswer.Allowed;
        turn.WriteLine();
        turn.WriteLine($"{PhoneTerminal.Shown(request.Computer)} asks to use a key on this phone:");
        turn.WriteLine($"  application: {PhoneTerminal.Shown(request.Application)}");
        turn.WriteLine($"  key:         {PhoneTerminal.Shown(request.KeyLabel)}");
        turn.WriteLine($"  operation:   {PhoneTerminal.Shown(request.Operation)} with {PhoneTerminal.Shown(request.Mechanism)}");
        var read = turn.ReadLine($"Allow? [y = once, N = for N minutes, anything else = no] ({turn.SecondsLeft} s): ", out var answer);
        if (read == TerminalRead.Withdrawn)
        {
            turn.WriteLine("withdrawn by the computer (the application went away)");
            return ApprovalAnswer.Withdrawn;
        }
        if (read != TerminalRead.Answered)
        {
            turn.WriteLine("no answer: declined");
            return ApprovalAnswer.TimedOut;
        }
        if (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            turn.WriteLine("allowed once");
            return ApprovalAnswer.Allowed;
        }
        if (int.TryParse(answer, NumberStyles.None, CultureInfo.InvariantCulture, out int minutes) && minutes is > 0 and <= MaxGrantMinutes)
        {
            lock (_gate) _grants[grantKey] = _time.GetUtcNow().UtcDateTime.AddMinutes(minutes);
            turn.WriteLine($"allowed for {minutes} minute(s)");
            return ApprovalAnswer.Allowed;
        }
        turn.WriteLine("declined");
        return ApprovalAnswer.Declined;
    }

    public void Dispose()
    {
        if (_ownsTerminal) _terminal.Dispose();
    }
}
