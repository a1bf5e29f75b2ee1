namespace Platform.Core;

/// <summary>
/// A refusal the person can act on: an HTTP status and a message in Chinese and English that says
/// what is wrong and what to do next. Thrown by services, turned into a problem response or a form
/// error at the edge; nothing has been changed when it is thrown.
/// </summary>
public sealed class PlatformException(int status, string messageZh, string messageEn)
    : Exception(messageZh + " / " + messageEn)
{
    /// <summary>HTTP status for the refusal (400, 404, 409...).</summary>
    public int Status { get; } = status;

    /// <summary>The message in Chinese.</summary>
    public string MessageZh { get; } = messageZh;

    /// <summary>The message in English.</summary>
    public string MessageEn { get; } = messageEn;

    /// <summary>The message in the current UI language.</summary>
    public string Localized => Text.Bilingual.T(MessageZh, MessageEn);

    /// <summary>404: the thing does not exist (or is outside the caller's scope).</summary>
    public static PlatformException NotFound(string zh, string en) => new(404, zh, en);

    /// <summary>400: the input is wrong.</summary>
    public static PlatformException Invalid(string zh, string en) => new(400, zh, en);

    /// <summary>409: the input is fine but conflicts with the current state.</summary>
    public static PlatformException Conflict(string zh, string en) => new(409, zh, en);
}
