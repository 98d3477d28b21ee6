using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartParking.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class JobsAndNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MutedNotices",
                table: "Owners",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "SmsNotices",
                table: "Owners",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "WeChatOpenId",
                table: "Owners",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptUtc",
                table: "Notices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "VisitorId",
                table: "Notices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "JobRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Job = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: true),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Instance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobRuns", x => x.Id);
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

            migrationBuilder.CreateIndex(
                name: "IX_Notices_Status_NextAttemptUtc",
                table: "Notices",
                columns: new[] { "Status", "NextAttemptUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Notices_VisitorId",
                table: "Notices",
                column: "VisitorId");

            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_Job_StartedUtc",
                table: "JobRuns",
                columns: new[] { "Job", "StartedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OverstayWarnings_SessionId_ThresholdHours",
                table: "OverstayWarnings",
                columns: new[] { "SessionId", "ThresholdHours" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Notices_Visitors_VisitorId",
                table: "Notices",
                column: "VisitorId",
                principalTable: "Visitors",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Notices_Visitors_VisitorId",
                table: "Notices");

            migrationBuilder.DropTable(
                name: "JobRuns");

            migrationBuilder.DropTable(
                name: "OverstayWarnings");

            migrationBuilder.DropIndex(
                name: "IX_Notices_Status_NextAttemptUtc",
                table: "Notices");

            migrationBuilder.DropIndex(
                name: "IX_Notices_VisitorId",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "MutedNotices",
                table: "Owners");

            migrationBuilder.DropColumn(
                name: "SmsNotices",
                table: "Owners");

            migrationBuilder.DropColumn(
                name: "WeChatOpenId",
                table: "Owners");

            migrationBuilder.DropColumn(
                name: "NextAttemptUtc",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "VisitorId",
                table: "Notices");
        }
    }
}
