using System.Globalization;
using System.Threading.Channels;

namespace Pkcs11Phone.Device.Approval;

/// <summary>How the phone treats each use of a private key: ask its user, allow, or refuse.</summary>
public enum ApprovalPolicy { Prompt, Auto, Deny }

/// <summary>What the phone's user is asked to approve.</summary>
public sealed record ApprovalRequest(string Computer, string Application, string Client, string KeyLabel, string Mechanism, string Operation);

public enum ApprovalAnswer { Allowed, Declined, TimedOut }

/// <summary>Decides on each private-key use. A declined or timed-out request becomes CKR_FUNCTION_REJECTED.</summary>
public interface IApprover
{
    ApprovalAnswer Approve(ApprovalRequest request);
}

/// <summary>
/// The phone's approval: by policy, or by asking on the phone's terminal with the computer, application,
/// key and mechanism shown. An answer "y" allows once, a number N allows this application and key for
/// N minutes, anything else declines; no answer within the timeout declines.
/// </summary>
public sealed class PolicyApprover : IApprover, IDisposable
{
    private readonly ApprovalPolicy _policy;
    private readonly TextWriter _output;
    private readonly TimeSpan _timeout;
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(16);
    private readonly Dictionary<(string Client, string Key), DateTime> _grants = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();

    public PolicyApprover(ApprovalPolicy policy, TextReader input, TextWriter output, TimeSpan timeout, TimeProvider? time = null)
    {
        _policy = policy;
        _output = output;
        _timeout = timeout;
        _time = time ?? TimeProvider.System;
        if (policy == ApprovalPolicy.Prompt) _ = Task.Run(() => ReadLinesAsync(input));
    }

    /// <summary>Longest "allow for N minutes" accepted.</summary>
    public const int MaxGrantMinutes = 24 * 60;

    private async Task ReadLinesAsync(TextReader input)
    {
        try
        {
            while (!_stop.IsCancellationRequested && await input.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
                await _lines.Writer.WriteAsync(line.Trim(), _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        _lines.Writer.TryComplete();
    }

    public ApprovalAnswer Approve(ApprovalRequest request)
    {
        switch (_policy)
        {
            case ApprovalPolicy.Auto: return ApprovalAnswer.Allowed;
            case ApprovalPolicy.Deny: return ApprovalAnswer.Declined;
        }
        var grantKey = (request.Client, request.KeyLabel);
        lock (_gate)
        {
            if (_grants.TryGetValue(grantKey, out var until) && _time.GetUtcNow().UtcDateTime < until) return ApprovalAnswer.Allowed;
        }
        // Answers typed before this request are stale.
        while (_lines.Reader.TryRead(out _)) { }
        _output.WriteLine();
        _output.WriteLine($"{request.Computer} asks to use a key on this phone:");
        _output.WriteLine($"  application: {request.Application}");
        _output.WriteLine($"  key:         {request.KeyLabel}");
        _output.WriteLine($"  operation:   {request.Operation} with {request.Mechanism}");
        _output.Write($"Allow? [y = once, N = for N minutes, anything else = no] ({(int)_timeout.TotalSeconds} s): ");
        _output.Flush();
        string answer;
        using (var cts = new CancellationTokenSource(_timeout))
        {
            try
            {
                answer = _lines.Reader.ReadAsync(cts.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
            {
                _output.WriteLine("no answer: declined");
                return ApprovalAnswer.TimedOut;
            }
        }
        if (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            _output.WriteLine("allowed once");
            return ApprovalAnswer.Allowed;
        }
        if (int.TryParse(answer, NumberStyles.None, CultureInfo.InvariantCulture, out int minutes) && minutes is > 0 and <= MaxGrantMinutes)
        {
            lock (_gate) _grants[grantKey] = _time.GetUtcNow().UtcDateTime.AddMinutes(minutes);
            _output.WriteLine($"allowed for {minutes} minute(s)");
            return ApprovalAnswer.Allowed;
        }
        _output.WriteLine("declined");
        return ApprovalAnswer.Declined;
    }

    public void Dispose() => _stop.Cancel();
}
