using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartParking.Infrastructure.Migrations.SqlServer
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
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "SmsNotices",
                table: "Owners",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "WeChatOpenId",
                table: "Owners",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptUtc",
                table: "Notices",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "VisitorId",
                table: "Notices",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "JobRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Job = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    StartedUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FinishedUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Succeeded = table.Column<bool>(type: "bit", nullable: true),
                    Summary = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Error = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    StartedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Instance = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OverstayWarnings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SessionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ThresholdHours = table.Column<int>(type: "int", nullable: false),
                    WarnedUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
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
