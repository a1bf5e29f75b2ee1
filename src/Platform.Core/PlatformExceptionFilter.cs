using Microsoft.AspNetCore.Http;

namespace Platform.Core;

/// <summary>Turns a <see cref="PlatformException"/> thrown by an API handler into a problem response in the caller's language.</summary>
public sealed class PlatformExceptionFilter : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (PlatformException ex)
        {
            return Problem(ex);
        }
    }

    /// <summary>The problem response for a refusal: its status, the message in the caller's language, and both texts.</summary>
    public static IResult Problem(PlatformException refusal) => TypedResults.Problem(
        statusCode: refusal.Status, title: refusal.Localized, detail: refusal.Localized,
        extensions: new Dictionary<string, object?> { ["message_zh"] = refusal.MessageZh, ["message_en"] = refusal.MessageEn });
}
