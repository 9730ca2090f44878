namespace Pkcs11Phone.Device.Approval;

/// <summary>An approver that can tell ahead whether it will ask the phone's user (so the computer can be told an approval is pending).</summary>
public interface IApprovalNotice
{
    /// <summary>True when <see cref="IApprover.Approve"/> will wait for the user for this request (no policy answer, no standing grant).</summary>
    bool WillAsk(ApprovalRequest request);
}
