namespace Pkcs11Phone.Device.Approval;

/// <summary>
/// PIN entry on the phone's terminal (CKF_PROTECTED_AUTHENTICATION_PATH): shows who asks, for which token,
/// whose PIN and what for, and reads one line with the echo off (on a real terminal). The line's UTF-8
/// bytes are the PIN; an empty line cancels; no answer within the timeout times out; an input at its end
/// cancels. The PIN is never shown nor logged.
/// </summary>
public sealed class TerminalPinPad(PhoneTerminal terminal, TimeSpan timeout) : IPinPad
{
    public PinEntry ReadPin(PinRequest request)
    {
        using var turn = terminal.TakeTurn(timeout, request.Withdrawn);
        if (turn is null) return request.Withdrawn.IsCancellationRequested ? PinEntry.Withdrawn : PinEntry.TimedOut;
        turn.WriteLine();
        turn.WriteLine($"{PhoneTerminal.Shown(request.Computer)} asks for a PIN on this phone:");
        turn.WriteLine($"  application: {PhoneTerminal.Shown(request.Application)}");
        turn.WriteLine($"  token:       {PhoneTerminal.Shown(request.Token)}");
        turn.WriteLine($"  PIN of:      {PhoneTerminal.Shown(request.Who)}");
        turn.WriteLine($"  for:         {PhoneTerminal.Shown(request.Purpose)}");
        var read = turn.ReadSecret($"PIN (empty line = cancel) ({turn.SecondsLeft} s): ", out var pin);
        switch (read)
        {
            case TerminalRead.Answered when pin is { Length: > 0 }:
                turn.WriteLine("PIN entered");
                return new PinEntry(PinOutcome.Entered, pin);
            case TerminalRead.Answered:
                turn.WriteLine("cancelled");
                return PinEntry.Cancelled;
            case TerminalRead.TimedOut:
                turn.WriteLine("no answer: cancelled");
                return PinEntry.TimedOut;
            case TerminalRead.Withdrawn:
                turn.WriteLine("withdrawn by the computer (the application went away)");
                return PinEntry.Withdrawn;
            default:
                if (pin is not null) Array.Clear(pin);
                turn.WriteLine("no input: cancelled");
                return PinEntry.Cancelled;
        }
    }
}
