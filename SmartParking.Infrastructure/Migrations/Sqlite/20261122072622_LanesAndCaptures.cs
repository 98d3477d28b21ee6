using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartParking.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LanesAndCaptures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CaptureId",
                table: "GateEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LaneCaptures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
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
                });

            migrationBuilder.CreateTable(
                name: "Lanes",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    AutoOpenConfidence = table.Column<double>(type: "REAL", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Lanes", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LaneCaptures_State_TakenUtc",
                table: "LaneCaptures",
                columns: new[] { "State", "TakenUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_LaneCaptures_TakenUtc",
                table: "LaneCaptures",
                column: "TakenUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LaneCaptures");

            migrationBuilder.DropTable(
                name: "Lanes");

            migrationBuilder.DropColumn(
                name: "CaptureId",
                table: "GateEvents");
        }
    }
}
