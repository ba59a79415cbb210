namespace MailTls.TlsRpt;

/// <summary>One failure-details entry as read; it becomes a TlsRptFailureDetail once its policy and report are known.</summary>
internal sealed class DetailDraft
{
    public string? ResultType { get; set; }

    public string? SendingMtaIp { get; set; }

    public string? ReceivingMxHostname { get; set; }

    public string? ReceivingMxHelo { get; set; }

    public string? ReceivingIp { get; set; }

    public long? FailedSessionCount { get; set; }

    public string? AdditionalInformation { get; set; }

    public string? FailureReasonCode { get; set; }

    public TlsRptFailureDetail ToDetail(TlsRptPolicyResult policy) => new()
    {
        Organization = policy.Organization,
        ReportId = policy.ReportId,
        StartDate = policy.StartDate,
        EndDate = policy.EndDate,
        PolicyType = policy.PolicyType,
        PolicyDomain = policy.PolicyDomain,
        ResultType = ResultType,
        SendingMtaIp = SendingMtaIp,
        ReceivingMxHostname = ReceivingMxHostname,
        ReceivingMxHelo = ReceivingMxHelo,
        ReceivingIp = ReceivingIp,
        FailedSessionCount = FailedSessionCount,
        AdditionalInformation = AdditionalInformation,
        FailureReasonCode = FailureReasonCode,
        SourceFile = policy.SourceFile,
    };
}
