using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartParking.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    AllLots = table.Column<bool>(type: "INTEGER", nullable: false),
                    CouponIssuerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Before = table.Column<string>(type: "TEXT", nullable: true),
                    After = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CameraAllowedPlates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SentUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CameraAllowedPlates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CameraRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordId = table.Column<long>(type: "INTEGER", nullable: false),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReadUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReceivedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Offline = table.Column<bool>(type: "INTEGER", nullable: false),
                    Opened = table.Column<bool>(type: "INTEGER", nullable: false),
                    CaptureId = table.Column<Guid>(type: "TEXT", nullable: true),
                    WaitsForEntry = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CameraRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Lots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    ExcellentIncomePerDay = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    GoodIncomePerDay = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    OverdueHours = table.Column<int>(type: "INTEGER", nullable: false),
                    LocalProvinces = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    PoliceCarsFree = table.Column<bool>(type: "INTEGER", nullable: false),
                    MilitaryCarsFree = table.Column<bool>(type: "INTEGER", nullable: false),
                    VehicleTypeList = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OpenedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    VisitorPassesPerMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    VisitorPassLongestHours = table.Column<int>(type: "INTEGER", nullable: false),
                    GuestPayPerMonth = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Lots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderKey = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Announcements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Pinned = table.Column<bool>(type: "INTEGER", nullable: false),
                    PublishAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Announcements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Announcements_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BarrierCommands",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LaneCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Cause = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    IssuedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AnsweredUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BarrierCommands", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BarrierCommands_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BaySensors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BayCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Occupied = table.Column<bool>(type: "INTEGER", nullable: false),
                    StateAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    HeardUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BaySensors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BaySensors_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CalendarDays",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarDays", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CalendarDays_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ControllerReads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LaneCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ReadId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReadUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReceivedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Opened = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Fee = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    CaptureId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Display = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Voice = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ControllerReads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ControllerReads_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CouponIssuers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Closed = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CouponIssuers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CouponIssuers_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "FeeRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VehicleType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CustomerClass = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    FreeMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitFee = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    DailyCap = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    DeductFreeMinutes = table.Column<bool>(type: "INTEGER", nullable: false),
                    PerVisitCap = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    HolidayPricing = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    HolidayUnitFee = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    WeekendsAreHolidays = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Segments = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeeRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeeRules_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncomeHours",
                columns: table => new
                {
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HourStartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Income = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Stays = table.Column<int>(type: "INTEGER", nullable: false),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncomeHours", x => new { x.LotId, x.HourStartUtc });
                    table.ForeignKey(
                        name: "FK_IncomeHours_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LaneCaptures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LaneCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    TakenUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PhotoPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PhotoType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReadPlate = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Confidence = table.Column<double>(type: "REAL", nullable: false),
                    Guesses = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ResolvedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LaneCaptures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LaneCaptures_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LaneDevices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LaneCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Protocol = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RegisteredUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastHeardUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    BoundAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ControlUrl = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ControlUser = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ControlChannel = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LaneDevices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LaneDevices_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Lanes",
                columns: table => new
                {
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    AutoOpenConfidence = table.Column<double>(type: "REAL", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Lanes", x => new { x.LotId, x.Code });
                    table.ForeignKey(
                        name: "FK_Lanes_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ListedPlates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ValidFromUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ValidUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ListedPlates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ListedPlates_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MoneyAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RaisedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ResolvedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Resolution = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MoneyAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MoneyAlerts_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Owners",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    IdNumber = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Mobile = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DeactivatedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Balance = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    LastPaymentUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    GuestPayPerMonth = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    MutedNotices = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SmsNotices = table.Column<bool>(type: "INTEGER", nullable: false),
                    WeChatOpenId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ErasedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Owners", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Owners_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PassProducts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    VehicleTypeList = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Price = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    MaxPlates = table.Column<int>(type: "INTEGER", nullable: false),
                    SoldOnline = table.Column<bool>(type: "INTEGER", nullable: false),
                    OnlineFromDay = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxPasses = table.Column<int>(type: "INTEGER", nullable: true),
                    CountsAgainstFreeSpaces = table.Column<bool>(type: "INTEGER", nullable: false),
                    Withdrawn = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PassProducts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PassProducts_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PersonErasures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequestedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DecidedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonErasures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PersonErasures_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReconciliationLines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    LineKind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OurAmount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    TheirAmount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CheckedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ResolvedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Resolution = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReconciliationLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReconciliationLines_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StaffLots",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffLots", x => new { x.UserId, x.LotId });
                    table.ForeignKey(
                        name: "FK_StaffLots_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_StaffLots_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Visitors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    IdNumber = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Mobile = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    RegisteredUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Visitors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Visitors_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CouponKinds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IssuerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Discount = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Value = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    ValidFromUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ValidUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TotalCount = table.Column<int>(type: "INTEGER", nullable: true),
                    Used = table.Column<int>(type: "INTEGER", nullable: false),
                    Stackable = table.Column<bool>(type: "INTEGER", nullable: false),
                    PerPlatePerDay = table.Column<int>(type: "INTEGER", nullable: true),
                    Withdrawn = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CouponKinds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CouponKinds_CouponIssuers_IssuerId",
                        column: x => x.IssuerId,
                        principalTable: "CouponIssuers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CouponKinds_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DeviceKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LaneCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    KeyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hint = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExpiresUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReplacedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    LastSeenUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSeenFrom = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeviceKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeviceKeys_Lanes_LotId_LaneCode",
                        columns: x => new { x.LotId, x.LaneCode },
                        principalTable: "Lanes",
                        principalColumns: new[] { "LotId", "Code" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DeviceKeys_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ActivationLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SecretHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IssuedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReplacedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivationLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActivationLinks_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ActivationLinks_Owners_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Owners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BalanceAdjustments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Change = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RequestedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DecidedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BalanceAdjustments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BalanceAdjustments_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BalanceAdjustments_Owners_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Owners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ParkingSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    VehicleType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CustomerClass = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FeeRuleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExitUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Fee = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Payment = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Paid = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    PaidThroughUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExitLane = table.Column<string>(type: "TEXT", nullable: true),
                    FeeConfirmedUpTo = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    PassId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PassCoversUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OnReservedSpace = table.Column<bool>(type: "INTEGER", nullable: false),
                    VisitorPassId = table.Column<Guid>(type: "TEXT", nullable: true),
                    HostId = table.Column<Guid>(type: "TEXT", nullable: true),
                    HostPays = table.Column<bool>(type: "INTEGER", nullable: false),
                    Exemption = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Coupons = table.Column<string>(type: "TEXT", nullable: false),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ParkingSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ParkingSessions_FeeRules_FeeRuleId",
                        column: x => x.FeeRuleId,
                        principalTable: "FeeRules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ParkingSessions_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ParkingSessions_Owners_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Owners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Vehicles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Approval = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RegisteredUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Vehicles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Vehicles_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Vehicles_Owners_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Owners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisitorPasses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    AnyPlate = table.Column<bool>(type: "INTEGER", nullable: false),
                    FromUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ToUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Entries = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Payer = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    TimesEntered = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitorPasses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitorPasses_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitorPasses_Owners_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Owners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    VisitorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Template = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Parameters = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SentUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notices_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Notices_Owners_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Owners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Notices_Visitors_VisitorId",
                        column: x => x.VisitorId,
                        principalTable: "Visitors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CouponCodes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IssuerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KindId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    IssuedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UsedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CouponCodes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CouponCodes_CouponKinds_KindId",
                        column: x => x.KindId,
                        principalTable: "CouponKinds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CouponCodes_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "GateEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CustomerClass = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Fee = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CaptureId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GateEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GateEvents_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_GateEvents_ParkingSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ParkingSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OverstayWarnings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ThresholdHours = table.Column<int>(type: "INTEGER", nullable: false),
                    WarnedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OverstayWarnings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OverstayWarnings_ParkingSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ParkingSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OutTradeNo = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    RefundedAmount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CoversUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 127, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PaidUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ProviderTradeNo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ClosedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Checks = table.Column<int>(type: "INTEGER", nullable: false),
                    NextCheckUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Payments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Payments_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Payments_Owners_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Owners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Payments_ParkingSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ParkingSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CouponUses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IssuerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KindId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CodeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AppliedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LocalDay = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AppliedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CouponUses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CouponUses_CouponCodes_CodeId",
                        column: x => x.CodeId,
                        principalTable: "CouponCodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CouponUses_CouponIssuers_IssuerId",
                        column: x => x.IssuerId,
                        principalTable: "CouponIssuers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CouponUses_CouponKinds_KindId",
                        column: x => x.KindId,
                        principalTable: "CouponKinds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CouponUses_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CouponUses_ParkingSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ParkingSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MonthlyPasses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    StartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Price = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Sale = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SoldBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SoldUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RemindedDaysBefore = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyPasses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MonthlyPasses_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MonthlyPasses_Owners_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Owners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MonthlyPasses_PassProducts_ProductId",
                        column: x => x.ProductId,
                        principalTable: "PassProducts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MonthlyPasses_Payments_PaymentId",
                        column: x => x.PaymentId,
                        principalTable: "Payments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PaymentRefunds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OutRefundNo = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RequestedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DecidedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ProviderRefundNo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentRefunds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PaymentRefunds_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PaymentRefunds_Payments_PaymentId",
                        column: x => x.PaymentId,
                        principalTable: "Payments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PassPlates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    PassId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PassPlates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PassPlates_MonthlyPasses_PassId",
                        column: x => x.PassId,
                        principalTable: "MonthlyPasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    BalanceChange = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RefundId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CouponUseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LedgerEntries_CouponUses_CouponUseId",
                        column: x => x.CouponUseId,
                        principalTable: "CouponUses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LedgerEntries_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LedgerEntries_Owners_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Owners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LedgerEntries_ParkingSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ParkingSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LedgerEntries_PaymentRefunds_RefundId",
                        column: x => x.RefundId,
                        principalTable: "PaymentRefunds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LedgerEntries_Payments_PaymentId",
                        column: x => x.PaymentId,
                        principalTable: "Payments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ActivationLinks_LotId_OwnerId",
                table: "ActivationLinks",
                columns: new[] { "LotId", "OwnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_ActivationLinks_OwnerId",
                table: "ActivationLinks",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_ActivationLinks_SecretHash",
                table: "ActivationLinks",
                column: "SecretHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Announcements_LotId_PublishAtUtc_ExpiresAtUtc",
                table: "Announcements",
                columns: new[] { "LotId", "PublishAtUtc", "ExpiresAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_AtUtc",
                table: "AuditEntries",
                column: "AtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_LotId_Action_AtUtc_Id",
                table: "AuditEntries",
                columns: new[] { "LotId", "Action", "AtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_LotId_Actor_AtUtc_Id",
                table: "AuditEntries",
                columns: new[] { "LotId", "Actor", "AtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_LotId_AtUtc_Id",
                table: "AuditEntries",
                columns: new[] { "LotId", "AtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_LotId_Plate_AtUtc_Id",
                table: "AuditEntries",
                columns: new[] { "LotId", "Plate", "AtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_BalanceAdjustments_LotId_Status",
                table: "BalanceAdjustments",
                columns: new[] { "LotId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_BalanceAdjustments_OwnerId",
                table: "BalanceAdjustments",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_BarrierCommands_LotId_Cause_IssuedUtc",
                table: "BarrierCommands",
                columns: new[] { "LotId", "Cause", "IssuedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_BaySensors_LotId_BayCode",
                table: "BaySensors",
                columns: new[] { "LotId", "BayCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CalendarDays_LotId_Date",
                table: "CalendarDays",
                columns: new[] { "LotId", "Date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CameraAllowedPlates_SerialNumber_Plate",
                table: "CameraAllowedPlates",
                columns: new[] { "SerialNumber", "Plate" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CameraRecords_SerialNumber_RecordId",
                table: "CameraRecords",
                columns: new[] { "SerialNumber", "RecordId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ControllerReads_LotId_LaneCode_ReadId",
                table: "ControllerReads",
                columns: new[] { "LotId", "LaneCode", "ReadId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CouponCodes_Code",
                table: "CouponCodes",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CouponCodes_KindId_UsedUtc",
                table: "CouponCodes",
                columns: new[] { "KindId", "UsedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_CouponCodes_LotId",
                table: "CouponCodes",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_CouponIssuers_LotId_Name",
                table: "CouponIssuers",
                columns: new[] { "LotId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CouponKinds_IssuerId_Name",
                table: "CouponKinds",
                columns: new[] { "IssuerId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CouponKinds_LotId",
                table: "CouponKinds",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_CouponUses_CodeId",
                table: "CouponUses",
                column: "CodeId",
                unique: true,
                filter: "CodeId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CouponUses_IssuerId_AppliedUtc",
                table: "CouponUses",
                columns: new[] { "IssuerId", "AppliedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_CouponUses_KindId_Plate_LocalDay",
                table: "CouponUses",
                columns: new[] { "KindId", "Plate", "LocalDay" });

            migrationBuilder.CreateIndex(
                name: "IX_CouponUses_LotId",
                table: "CouponUses",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_CouponUses_SessionId",
                table: "CouponUses",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_DeviceKeys_KeyHash",
                table: "DeviceKeys",
                column: "KeyHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeviceKeys_LotId_LaneCode",
                table: "DeviceKeys",
                columns: new[] { "LotId", "LaneCode" });

            migrationBuilder.CreateIndex(
                name: "IX_FeeRules_LotId_VehicleType_CustomerClass_Version",
                table: "FeeRules",
                columns: new[] { "LotId", "VehicleType", "CustomerClass", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GateEvents_LotId_AtUtc",
                table: "GateEvents",
                columns: new[] { "LotId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_GateEvents_LotId_Kind_Plate_AtUtc",
                table: "GateEvents",
                columns: new[] { "LotId", "Kind", "Plate", "AtUtc" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GateEvents_SessionId",
                table: "GateEvents",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_LaneCaptures_LotId_State_TakenUtc",
                table: "LaneCaptures",
                columns: new[] { "LotId", "State", "TakenUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_LaneCaptures_LotId_TakenUtc",
                table: "LaneCaptures",
                columns: new[] { "LotId", "TakenUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_LaneDevices_LotId_LaneCode",
                table: "LaneDevices",
                columns: new[] { "LotId", "LaneCode" });

            migrationBuilder.CreateIndex(
                name: "IX_LaneDevices_SerialNumber",
                table: "LaneDevices",
                column: "SerialNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Lanes_LotId_Name",
                table: "Lanes",
                columns: new[] { "LotId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_LotId_AtUtc",
                table: "LedgerEntries",
                columns: new[] { "LotId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_OnePerCouponUse",
                table: "LedgerEntries",
                column: "CouponUseId",
                unique: true,
                filter: "CouponUseId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_OnePerPayment",
                table: "LedgerEntries",
                column: "PaymentId",
                unique: true,
                filter: "PaymentId IS NOT NULL AND RefundId IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_OnePerRefund",
                table: "LedgerEntries",
                column: "RefundId",
                unique: true,
                filter: "RefundId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_OwnerId_AtUtc",
                table: "LedgerEntries",
                columns: new[] { "OwnerId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_SessionId",
                table: "LedgerEntries",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_ListedPlates_LotId_Plate",
                table: "ListedPlates",
                columns: new[] { "LotId", "Plate" });

            migrationBuilder.CreateIndex(
                name: "IX_Lots_Code",
                table: "Lots",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Lots_Name",
                table: "Lots",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MoneyAlerts_LotId_ResolvedUtc",
                table: "MoneyAlerts",
                columns: new[] { "LotId", "ResolvedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPasses_LotId_ProductId_EndUtc",
                table: "MonthlyPasses",
                columns: new[] { "LotId", "ProductId", "EndUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPasses_OwnerId",
                table: "MonthlyPasses",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPasses_PaymentId",
                table: "MonthlyPasses",
                column: "PaymentId",
                unique: true,
                filter: "PaymentId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPasses_ProductId",
                table: "MonthlyPasses",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyPasses_State_EndUtc",
                table: "MonthlyPasses",
                columns: new[] { "State", "EndUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Notices_LotId",
                table: "Notices",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_Notices_OwnerId_Template_CreatedUtc",
                table: "Notices",
                columns: new[] { "OwnerId", "Template", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Notices_Status_CreatedUtc",
                table: "Notices",
                columns: new[] { "Status", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Notices_Status_NextAttemptUtc",
                table: "Notices",
                columns: new[] { "Status", "NextAttemptUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Notices_VisitorId",
                table: "Notices",
                column: "VisitorId");

            migrationBuilder.CreateIndex(
                name: "IX_OverstayWarnings_SessionId_ThresholdHours",
                table: "OverstayWarnings",
                columns: new[] { "SessionId", "ThresholdHours" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Owners_LotId_UserName",
                table: "Owners",
                columns: new[] { "LotId", "UserName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Owners_UserName",
                table: "Owners",
                column: "UserName");

            migrationBuilder.CreateIndex(
                name: "IX_ParkingSessions_FeeRuleId",
                table: "ParkingSessions",
                column: "FeeRuleId");

            migrationBuilder.CreateIndex(
                name: "IX_ParkingSessions_HostId_EntryUtc",
                table: "ParkingSessions",
                columns: new[] { "HostId", "EntryUtc" },
                filter: "HostId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ParkingSessions_LotId_EntryUtc",
                table: "ParkingSessions",
                columns: new[] { "LotId", "EntryUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ParkingSessions_LotId_ExitUtc",
                table: "ParkingSessions",
                columns: new[] { "LotId", "ExitUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ParkingSessions_LotId_Plate_EntryUtc",
                table: "ParkingSessions",
                columns: new[] { "LotId", "Plate", "EntryUtc" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ParkingSessions_LotId_State_Plate",
                table: "ParkingSessions",
                columns: new[] { "LotId", "State", "Plate" });

            migrationBuilder.CreateIndex(
                name: "IX_ParkingSessions_OpenPlate",
                table: "ParkingSessions",
                columns: new[] { "LotId", "Plate" },
                unique: true,
                filter: "\"State\" IN ('Inside', 'AwaitingRegistration')");

            migrationBuilder.CreateIndex(
                name: "IX_ParkingSessions_OwnerId",
                table: "ParkingSessions",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_PassPlates_PassId",
                table: "PassPlates",
                column: "PassId");

            migrationBuilder.CreateIndex(
                name: "IX_PassPlates_Plate",
                table: "PassPlates",
                column: "Plate");

            migrationBuilder.CreateIndex(
                name: "IX_PassProducts_LotId_Name",
                table: "PassProducts",
                columns: new[] { "LotId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRefunds_LotId_Status",
                table: "PaymentRefunds",
                columns: new[] { "LotId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRefunds_OutRefundNo",
                table: "PaymentRefunds",
                column: "OutRefundNo",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRefunds_PaymentId",
                table: "PaymentRefunds",
                column: "PaymentId");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_LotId_CreatedUtc",
                table: "Payments",
                columns: new[] { "LotId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Payments_OutTradeNo",
                table: "Payments",
                column: "OutTradeNo",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Payments_OwnerId",
                table: "Payments",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_SessionId",
                table: "Payments",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_Status_NextCheckUtc",
                table: "Payments",
                columns: new[] { "Status", "NextCheckUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PersonErasures_LotId_PersonId",
                table: "PersonErasures",
                columns: new[] { "LotId", "PersonId" });

            migrationBuilder.CreateIndex(
                name: "IX_PersonErasures_LotId_State",
                table: "PersonErasures",
                columns: new[] { "LotId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ReconciliationLines_LotId_Day_Channel_LineKind_Reference",
                table: "ReconciliationLines",
                columns: new[] { "LotId", "Day", "Channel", "LineKind", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StaffLots_LotId",
                table: "StaffLots",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_Vehicles_LotId_Plate",
                table: "Vehicles",
                columns: new[] { "LotId", "Plate" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Vehicles_OwnerId",
                table: "Vehicles",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitorPasses_Code",
                table: "VisitorPasses",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VisitorPasses_LotId_Plate_ToUtc",
                table: "VisitorPasses",
                columns: new[] { "LotId", "Plate", "ToUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_VisitorPasses_OwnerId_FromUtc",
                table: "VisitorPasses",
                columns: new[] { "OwnerId", "FromUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Visitors_LotId_Plate_RegisteredUtc",
                table: "Visitors",
                columns: new[] { "LotId", "Plate", "RegisteredUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActivationLinks");

            migrationBuilder.DropTable(
                name: "Announcements");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "BalanceAdjustments");

            migrationBuilder.DropTable(
                name: "BarrierCommands");

            migrationBuilder.DropTable(
                name: "BaySensors");

            migrationBuilder.DropTable(
                name: "CalendarDays");

            migrationBuilder.DropTable(
                name: "CameraAllowedPlates");

            migrationBuilder.DropTable(
                name: "CameraRecords");

            migrationBuilder.DropTable(
                name: "ControllerReads");

            migrationBuilder.DropTable(
                name: "DeviceKeys");

            migrationBuilder.DropTable(
                name: "GateEvents");

            migrationBuilder.DropTable(
                name: "IncomeHours");

            migrationBuilder.DropTable(
                name: "LaneCaptures");

            migrationBuilder.DropTable(
                name: "LaneDevices");

            migrationBuilder.DropTable(
                name: "LedgerEntries");

            migrationBuilder.DropTable(
                name: "ListedPlates");

            migrationBuilder.DropTable(
                name: "MoneyAlerts");

            migrationBuilder.DropTable(
                name: "Notices");

            migrationBuilder.DropTable(
                name: "OverstayWarnings");

            migrationBuilder.DropTable(
                name: "PassPlates");

            migrationBuilder.DropTable(
                name: "PersonErasures");

            migrationBuilder.DropTable(
                name: "ReconciliationLines");

            migrationBuilder.DropTable(
                name: "StaffLots");

            migrationBuilder.DropTable(
                name: "Vehicles");

            migrationBuilder.DropTable(
                name: "VisitorPasses");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "Lanes");

            migrationBuilder.DropTable(
                name: "CouponUses");

            migrationBuilder.DropTable(
                name: "PaymentRefunds");

            migrationBuilder.DropTable(
                name: "Visitors");

            migrationBuilder.DropTable(
                name: "MonthlyPasses");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "CouponCodes");

            migrationBuilder.DropTable(
                name: "PassProducts");

            migrationBuilder.DropTable(
                name: "Payments");

            migrationBuilder.DropTable(
                name: "CouponKinds");

            migrationBuilder.DropTable(
                name: "ParkingSessions");

            migrationBuilder.DropTable(
                name: "CouponIssuers");

            migrationBuilder.DropTable(
                name: "FeeRules");

            migrationBuilder.DropTable(
                name: "Owners");

            migrationBuilder.DropTable(
                name: "Lots");
        }
    }
}
