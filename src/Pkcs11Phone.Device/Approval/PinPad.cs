namespace Pkcs11Phone.Device.Approval;

/// <summary>What the phone's user is asked for when a token has a protected authentication path and the application gave no PIN.</summary>
/// <param name="Computer">The computer on the link.</param>
/// <param name="Application">The application that asked ("ssh (pid 4242)").</param>
/// <param name="Token">The token's label.</param>
/// <param name="Who">"user", "security officer" or "user (this operation)".</param>
/// <param name="Purpose">What the PIN is for: "log in", "set the new PIN", "current PIN"...</param>
public sealed record PinRequest(string Computer, string Application, string Token, string Who, string Purpose)
{
    /// <summary>Cancelled when the computer withdraws the request (the application that asked went away).</summary>
    public CancellationToken Withdrawn { get; init; }
}

public enum PinOutcome { Entered, Cancelled, TimedOut, Withdrawn }

/// <summary>A PIN typed on the phone. <see cref="Pin"/> is the caller's to clear after use.</summary>
public sealed record PinEntry(PinOutcome Outcome, byte[]? Pin)
{
    public static readonly PinEntry Cancelled = new(PinOutcome.Cancelled, null);
    public static readonly PinEntry TimedOut = new(PinOutcome.TimedOut, null);
    public static readonly PinEntry Withdrawn = new(PinOutcome.Withdrawn, null);
}

/// <summary>Reads a PIN on the phone itself (CKF_PROTECTED_AUTHENTICATION_PATH): the PIN never crosses the link.</summary>
public interface IPinPad
{
    PinEntry ReadPin(PinRequest request);
}
