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
            return TypedResults.Problem(
                statusCode: ex.Status, title: ex.Localized, detail: ex.Localized,
                extensions: new Dictionary<string, object?> { ["message_zh"] = ex.MessageZh, ["message_en"] = ex.MessageEn });
        }
    }
}
