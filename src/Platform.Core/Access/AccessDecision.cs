namespace Platform.Core.Access;

/// <summary>The answer to "may this caller act on this record".</summary>
public enum AccessDecision
{
    /// <summary>Go ahead.</summary>
    Allowed,
    /// <summary>The record is visible to the caller but the action is not permitted: answer 403.</summary>
    Forbidden,
    /// <summary>The record is outside the caller's scope: answer 404, as if it did not exist.</summary>
    Hidden,
}
