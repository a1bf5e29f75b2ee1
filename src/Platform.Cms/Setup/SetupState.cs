namespace Platform.Cms.Setup;

/// <summary>Remembers, per host, that setup has been done (it is never undone).</summary>
public sealed class SetupState
{
    private volatile bool _isSetUp;

    public bool IsSetUp
    {
        get => _isSetUp;
        set => _isSetUp = value;
    }
}
