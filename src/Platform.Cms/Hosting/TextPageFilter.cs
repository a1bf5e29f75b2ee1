using System.Reflection;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Platform.Core;
using Platform.Core.Modules;
using Platform.Core.Text;

namespace Platform.Cms.Hosting;

/// <summary>
/// Checks every text value a Razor Page handler was bound (its parameters and the page's bound properties, form
/// objects included) against its <see cref="TextRule"/> before the handler runs, for the host's pages and every
/// module's: a refusal answers 400 with the Chinese message and a way back to the form, and nothing is changed.
/// </summary>
public sealed class TextPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (Problem(context) is { } refusal)
        {
            var request = context.HttpContext.Request;
            var back = request.Path + QueryString.Create(request.Query.Where(q => q.Key != "handler")).ToUriComponent();
            context.Result = ModulePageModel.RefusalResult(refusal, back, Core.Text.Bilingual.T("返回表单", "Back to the form"));
            return;
        }
        await next();
    }

    private static PlatformException? Problem(PageHandlerExecutingContext context)
    {
        foreach (var parameter in context.HandlerMethod?.Parameters ?? [])
        {
            if (parameter.BindingInfo?.BindingSource == BindingSource.Services) continue;
            if (!context.HandlerArguments.TryGetValue(parameter.Name, out var value)) continue;
            var declared = (parameter as HandlerParameterDescriptor)?.ParameterInfo.GetCustomAttribute<TextRuleAttribute>();
            if (TextValidator.Problem(value, declared?.Label ?? parameter.Name, declared?.Rule) is { } problem) return problem;
        }
        foreach (var property in context.ActionDescriptor.BoundProperties.OfType<PageBoundPropertyDescriptor>())
        {
            var info = property.Property;
            if (!TextValidator.Carries(property.ParameterType) || info.DeclaringType?.IsInstanceOfType(context.HandlerInstance) != true)
                continue;
            var value = info.GetValue(context.HandlerInstance);
            if (TextValidator.Problem(value, TextValidator.LabelOf(info), TextValidator.Declared(info)?.Rule) is { } problem)
                return problem;
        }
        return null;
    }
}
