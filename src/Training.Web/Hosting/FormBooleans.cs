using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Training.Web.Hosting;

/// <summary>
/// Form checkboxes send "true" (and a hidden "false"); anything else a hand-made request sends for a yes/no field
/// ("maybe", "1; DROP") is a no, never an error page: the checkbox tag helper cannot redraw a value that is not a
/// boolean, and a required tick (consent) is then refused with its own message by validation.
/// </summary>
public sealed class FormBooleanBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(bool) || context.Metadata.ModelType == typeof(bool?) ? new FormBooleanBinder(context.Metadata.ModelType == typeof(bool?)) : null;

    private sealed class FormBooleanBinder(bool nullable) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (result == ValueProviderResult.None) return Task.CompletedTask;
            var first = result.FirstValue?.Trim();
            bool? value = string.Equals(first, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(first, "on", StringComparison.OrdinalIgnoreCase) ? true
                : string.IsNullOrEmpty(first) && nullable ? null
                : false;
            // What the form is drawn with again, so a redrawn checkbox shows the value that was understood.
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value?.ToString() ?? "", value?.ToString() ?? "");
            bindingContext.Result = ModelBindingResult.Success(value ?? (nullable ? null : false));
            return Task.CompletedTask;
        }
    }
}
