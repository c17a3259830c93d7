namespace Granary;

/// <summary>Every log event id of Granary.Runtime, in one place so they never collide.</summary>
internal static class EventIds
{
    public const int ActivationFailed = 1001;
    public const int DeactivationFailed = 1002;
    public const int WorkItemFailed = 1003;
    public const int TimerCallbackFailed = 1004;
    public const int OneWayCallFailed = 1005;
    public const int IdleActivationsCollected = 1006;
    public const int DeactivationTimedOut = 1007;
    public const int SiloStarting = 1100;
    public const int SiloStarted = 1101;
    public const int SiloStopping = 1102;
    public const int SiloStopped = 1103;
    public const int MembershipJoining = 1200;
    public const int MembershipJoined = 1201;
    public const int MembershipStatusWritten = 1202;
    public const int MembershipWriteConflict = 1203;
    public const int MembershipOlderGenerationDead = 1204;
    public const int MembershipShuttingDown = 1205;
    public const int MembershipLeft = 1206;
    public const int MembershipDeclaredDeadSelf = 1207;
    public const int MembershipPeriodicWorkFailed = 1208;
    public const int MembershipDefunctCleaned = 1209;
    public const int MembershipSnapshot = 1210;
    public const int MembershipProbeMissed = 1211;
    public const int MembershipProbeFailed = 1212;
    public const int MembershipSuspected = 1213;
    public const int MembershipDeclaredDead = 1214;
    public const int MembershipDeclaredDeadOverdue = 1215;
    public const int RelationalStorageStateRead = 1400;
    public const int RelationalStorageStateWritten = 1401;
    public const int RelationalStorageStateCleared = 1402;
    public const int RelationalStorageConflict = 1410;
    public const int RelationalStorageOperationFailed = 1411;
    public const int ConnectionEstablished = 1300;
    public const int ConnectionClosing = 1301;
    public const int ConnectionRemoteClosing = 1302;
    public const int ConnectionClosed = 1303;
    public const int ConnectionLost = 1304;
    public const int ConnectionDrainTimedOut = 1305;
    public const int ProtocolViolation = 1306;
    public const int HandshakeRejected = 1307;
    public const int MessageHandlerFailed = 1308;
    public const int ListenerStarted = 1310;
    public const int ListenerStopped = 1311;
    public const int AcceptFailed = 1312;
    public const int ConnectFailed = 1313;
    public const int MalformedRequest = 1500;
    public const int ResponseNotSerializable = 1501;
    public const int ResponseLost = 1502;
    public const int ClusterJoined = 1503;
    public const int ClusterMembershipApplied = 1504;
    public const int ClusterLeaving = 1505;
    public const int ClusterWorkFailed = 1506;
}
