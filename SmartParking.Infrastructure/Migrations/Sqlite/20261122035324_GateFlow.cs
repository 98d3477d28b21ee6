using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartParking.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GateFlow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "Stamp",
                table: "ParkingSessions",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "Stamp",
                table: "Owners",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "GateEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CustomerClass = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Fee = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GateEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GateEvents_ParkingSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ParkingSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncomeHours",
                columns: table => new
                {
                    HourStartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Income = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Stays = table.Column<int>(type: "INTEGER", nullable: false),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncomeHours", x => x.HourStartUtc);
                });

            migrationBuilder.CreateTable(
                name: "ListedPlates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ValidFromUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ValidUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ListedPlates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GateEvents_AtUtc",
                table: "GateEvents",
                column: "AtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_GateEvents_Kind_Plate_AtUtc",
                table: "GateEvents",
                columns: new[] { "Kind", "Plate", "AtUtc" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GateEvents_SessionId",
                table: "GateEvents",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_ListedPlates_Plate",
                table: "ListedPlates",
                column: "Plate");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GateEvents");

            migrationBuilder.DropTable(
                name: "IncomeHours");

            migrationBuilder.DropTable(
                name: "ListedPlates");

            migrationBuilder.DropColumn(
                name: "Stamp",
                table: "ParkingSessions");

            migrationBuilder.DropColumn(
                name: "Stamp",
                table: "Owners");
        }
    }
}
