namespace XrayController.Core.Plans;

public enum RotationMode
{
    /// <summary>Move, settle, expose at each angle.</summary>
    Step,

    /// <summary>Rotate continuously; the stage's position-synchronised output triggers each frame.</summary>
    Fly,
}
