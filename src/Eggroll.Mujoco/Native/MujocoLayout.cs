namespace Eggroll.Mujoco.Native;

/// <summary>
/// Byte offsets of the fields read from MuJoCo 2.2.2's structures on 64-bit Linux: <c>offsetof</c> of
/// <c>mjModel</c>, <c>mjData</c> and <c>mjVFS</c> as declared in that version's mjmodel.h and mjdata.h
/// (Debian package libmujoco-dev 2.2.2). Array fields hold pointers into the object's buffer; their sizes
/// are given in the comments. MujocoLayoutTests checks them against values MuJoCo reports.
/// </summary>
internal static class MujocoLayout
{
    /// <summary><c>sizeof(mjVFS)</c>: 2000 names of 1000 bytes, 2000 sizes, 2000 data pointers and the count.</summary>
    public const int VfsSize = 2_024_008;

    /// <summary><c>mjVFS.filedata</c>: the array of file buffers.</summary>
    public const int VfsFileData = 2_008_008;

    /// <summary><c>mjModel.nq</c> (int): number of generalized coordinates.</summary>
    public const int ModelNq = 0;

    /// <summary><c>mjModel.nv</c> (int): degrees of freedom.</summary>
    public const int ModelNv = 4;

    /// <summary><c>mjModel.nu</c> (int): actuators.</summary>
    public const int ModelNu = 8;

    /// <summary><c>mjModel.nbody</c> (int): bodies, the world included.</summary>
    public const int ModelNbody = 16;

    /// <summary><c>mjModel.nsite</c> (int): sites.</summary>
    public const int ModelNsite = 28;

    /// <summary><c>mjModel.opt.timestep</c> (mjtNum).</summary>
    public const int ModelTimestep = 232;

    /// <summary><c>mjModel.opt.gravity</c> (mjtNum[3]).</summary>
    public const int ModelGravity = 280;

    /// <summary><c>mjModel.qpos0</c> (nq): the initial configuration.</summary>
    public const int ModelQpos0 = 1096;

    /// <summary><c>mjModel.body_mass</c> (nbody).</summary>
    public const int ModelBodyMass = 1240;

    /// <summary><c>mjModel.actuator_ctrlrange</c> (nu × 2).</summary>
    public const int ModelActuatorCtrlRange = 2792;

    /// <summary><c>mjData.time</c> (mjtNum).</summary>
    public const int DataTime = 40_336;

    /// <summary><c>mjData.energy</c> (mjtNum[2]): potential, kinetic.</summary>
    public const int DataEnergy = 40_344;

    /// <summary><c>mjData.qpos</c> (nq).</summary>
    public const int DataQpos = 40_376;

    /// <summary><c>mjData.qvel</c> (nv).</summary>
    public const int DataQvel = 40_384;

    /// <summary><c>mjData.ctrl</c> (nu).</summary>
    public const int DataCtrl = 40_408;

    /// <summary><c>mjData.xpos</c> (nbody × 3): body frame positions.</summary>
    public const int DataXpos = 40_480;

    /// <summary><c>mjData.site_xpos</c> (nsite × 3).</summary>
    public const int DataSiteXpos = 40_552;

    /// <summary><c>mjData.qfrc_constraint</c> (nv).</summary>
    public const int DataQfrcConstraint = 41_136;

    /// <summary><c>mjData.cfrc_ext</c> (nbody × 6): com-based external force, rotation then translation.</summary>
    public const int DataCfrcExt = 41_168;
}
